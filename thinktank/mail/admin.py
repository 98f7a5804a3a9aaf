"""A read-only view of the outbox: what was sent, what is waiting, what needs a person to look."""

from django.contrib import admin, messages
from django.http import HttpRequest

from .models import OutboundEmail
from .services import outbound_email_retry


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["status", "kind", "to", "subject", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["key", "to", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutboundEmail._meta.fields]
    actions = ["send_again"]

    @admin.action(description="Send the selected failed emails again")
    def send_again(self, request: HttpRequest, queryset) -> None:
        count = outbound_email_retry(email_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} failed email(s) will be sent again.", messages.SUCCESS)

    # Rows change only through the services: editing one by hand could send an email twice.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboundEmail | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboundEmail | None = None) -> bool:
        return False
