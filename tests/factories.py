from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from evaluations.candidates.models import Candidate, Position
from evaluations.interviews.models import Interview
from evaluations.people import roles
from evaluations.rubric.models import Quality
from evaluations.scorecards.models import Score, Scorecard
from evaluations.shortlists.models import Shortlist


def _joining(default_group: str | None) -> factory.PostGeneration:
    """Join the named group (``group=`` at call time wins), then save the password set before."""

    def join(user, create, extracted, **kwargs):
        name = extracted or default_group
        if create and name:
            user.groups.add(Group.objects.get(name=name))
        if create:
            user.save()

    return factory.PostGeneration(join)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    # A plain value in a subclass would replace this hook with a model field named "group":
    # subclasses pick their role with _joining() instead.
    group = _joining(None)


class RecruiterFactory(UserFactory):
    group = _joining(roles.RECRUITERS)


class ManagerFactory(UserFactory):
    group = _joining(roles.HIRING_MANAGERS)


class AdminFactory(UserFactory):
    is_staff = True
    is_superuser = True


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position

    title = "Community manager"
    location = factory.Faker("city")


class CandidateFactory(DjangoModelFactory):
    class Meta:
        model = Candidate

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.com")
    position = factory.SubFactory(PositionFactory)


class ScorecardFactory(DjangoModelFactory):
    """A scorecard with its eleven scores: ``values`` maps quality codes to scores (others None)."""

    class Meta:
        model = Scorecard
        skip_postgeneration_save = True

    candidate = factory.SubFactory(CandidateFactory)
    interviewer = factory.SubFactory(RecruiterFactory)
    # As scoring the candidate at /candidates/<pk>/scorecard/ does (and the migration to one card
    # per interview): the card of the latest interview of the candidate the interviewer sits;
    # ad hoc when they sit none. Pass interview=… (or None) to choose.
    interview = factory.LazyAttribute(
        lambda card: (
            Interview.objects.filter(
                candidate=card.candidate, seats__user=card.interviewer, cancelled_at__isnull=True
            )
            .order_by("-starts_at", "-pk")
            .first()
        )
    )
    status = Scorecard.Status.SUBMITTED
    recommendation = Scorecard.Recommendation.YES
    submitted_at = factory.LazyAttribute(
        lambda card: timezone.now() if card.status == Scorecard.Status.SUBMITTED else None
    )

    @factory.post_generation
    def values(self, create, extracted, **kwargs):
        if not create:
            return
        extracted = extracted or {}
        evidence = kwargs.get("evidence", {})
        Score.objects.bulk_create(
            Score(scorecard=self, quality=q, value=extracted.get(q.code), evidence=evidence.get(q.code, ""))
            for q in Quality.objects.all()
        )


class ShortlistFactory(DjangoModelFactory):
    class Meta:
        model = Shortlist

    name = factory.Sequence(lambda n: f"Shortlist {n}")
    owner = factory.SubFactory(ManagerFactory)
