import pytest

from .factories import PASSWORD, CompanyFactory, MembershipFactory, SessionFactory, UserFactory


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def facilitator(db):
    return UserFactory(name="Fran Facilitator")


@pytest.fixture
def draft_session(facilitator):
    session = SessionFactory(created_by=facilitator)
    session.companies.set([CompanyFactory(name="Acme Contact"), CompanyFactory(name="Bolt CX")])
    return session


@pytest.fixture
def participant_of(db):
    """participant_of(session) -> a participant user of that session, from one of its companies."""

    def make(session, **user_fields):
        company = session.companies.first() or CompanyFactory()
        return MembershipFactory(
            session=session, user=UserFactory(company=company, **user_fields), company=company
        ).user

    return make


@pytest.fixture
def login(client):
    """login(user) -> the test client signed in as that user."""

    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in
