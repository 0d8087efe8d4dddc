"""One scorecard per interview: a card names the interview it evaluates (empty: the
interviewer's one ad hoc card of the candidate).

Each existing card is attached to the latest interview of its candidate that its author sat and
that was not cancelled; a card whose author sat none stays ad hoc. Backwards, cards lose their
interview again, which needs at most one card per candidate and interviewer: with more (a second
interview scored since), going back would have to drop evidence, and is refused instead.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery


def attach_to_interviews(apps, schema_editor):
    Scorecard = apps.get_model("evaluations", "Scorecard")
    Interview = apps.get_model("evaluations", "Interview")
    latest_sat = (
        Interview.objects.filter(
            candidate_id=OuterRef("candidate_id"),
            seats__user_id=OuterRef("interviewer_id"),
            cancelled_at__isnull=True,
        )
        .order_by("-starts_at", "-pk")
        .values("pk")[:1]
    )
    Scorecard.objects.filter(interview__isnull=True).update(interview_id=Subquery(latest_sat))


def detach_from_interviews(apps, schema_editor):
    Scorecard = apps.get_model("evaluations", "Scorecard")
    doubled = (
        Scorecard.objects.values("candidate_id", "interviewer_id")
        .annotate(cards=Count("pk"))
        .filter(cards__gt=1)
    )
    if doubled.exists():
        raise RuntimeError(
            f"{doubled.count()} interviewer(s) hold more than one scorecard for a candidate (one per "
            "interview): the schema before 0010 keeps one, so going back would drop evidence. "
            "Merge or delete those cards first."
        )
    Scorecard.objects.update(interview=None)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0009_decisions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="scorecard",
            name="scorecard_one_per_interviewer",
        ),
        migrations.AddField(
            model_name="scorecard",
            name="interview",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="scorecards",
                to="evaluations.interview",
                verbose_name="interview",
            ),
        ),
        migrations.RunPython(attach_to_interviews, detach_from_interviews),
        migrations.AddConstraint(
            model_name="scorecard",
            constraint=models.UniqueConstraint(
                condition=models.Q(("interview__isnull", False)),
                fields=("interview", "interviewer"),
                name="scorecard_one_per_interview",
            ),
        ),
        migrations.AddConstraint(
            model_name="scorecard",
            constraint=models.UniqueConstraint(
                condition=models.Q(("interview__isnull", True)),
                fields=("candidate", "interviewer"),
                name="scorecard_one_ad_hoc",
            ),
        ),
    ]
