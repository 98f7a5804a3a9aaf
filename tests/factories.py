from datetime import timedelta

import factory
from django.utils import timezone

from sessions.models import AgendaQuestion, Membership, Role, Session, SessionState
from thinktank.accounts.models import Company, User

PASSWORD = "correct-horse-battery"


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Accounts are verified unless a test asks otherwise (verified=False)."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Think tank {n}")
    purpose = "Better customer experience for everyone."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=2))
    timezone = "Europe/Paris"
    state = SessionState.DRAFT
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def with_facilitator(self, create, extracted, **kwargs):
        if create:
            Membership.objects.create(session=self, user=self.created_by, role=Role.FACILITATOR)

    @factory.post_generation
    def ground_rules(self, create, extracted, **kwargs):
        """Like session_create: every session starts with a copy of the default rules."""
        if create:
            from groundrules.services import ruleset_create_default

            ruleset_create_default(session=self, by=self.created_by)

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if create:
            for position, text in enumerate(extracted or ["First question?", "Second question?"], start=1):
                AgendaQuestion.objects.create(session=self, position=position, text=text)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PARTICIPANT
    company = factory.SubFactory(CompanyFactory)
