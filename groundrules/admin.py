from django.contrib import admin

from .models import Agreement, Rule, RuleSetVersion


class RuleInline(admin.TabularInline):
    model = Rule
    extra = 0
    can_delete = False
    readonly_fields = ["position", "slug", "title", "description", "watch_phrases", "builtin"]


@admin.register(RuleSetVersion)
class RuleSetVersionAdmin(admin.ModelAdmin):
    list_display = ["session", "number", "created_at", "created_by"]
    inlines = [RuleInline]
    readonly_fields = ["session", "number", "antitrust_statement", "created_at", "created_by"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """Read-only: agreements are a record and are never edited or deleted."""

    list_display = ["typed_name", "user", "version", "agreed_at"]
    readonly_fields = ["version", "user", "typed_name", "agreed_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
