"""What a learner chose or did beyond ratings: their specialisations, the steps of the
path in they marked done and the state of the courses they marked, read along with their
profile."""

from dataclasses import dataclass, field

from django.db import models

from .models import CourseProgress, CourseState, PathStepDone, Profile


@dataclass(frozen=True)
class Goals:
    """What a learner chose or did beyond ratings: specialisations, path steps done and
    the courses they marked ({course id: CourseState value})."""

    specialisation_ids: frozenset = frozenset()
    done_step_ids: frozenset = frozenset()
    course_states: dict[int, str] = field(default_factory=dict)

    @property
    def done_course_ids(self) -> frozenset[int]:
        return frozenset(pk for pk, state in self.course_states.items() if state == "done")


class JoinedIds(models.Aggregate):
    """Ids joined with commas ("3,7"), so a person's choices ride along in one query."""

    function = "GROUP_CONCAT"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s::text, ',')",
        )


def _ids(joined) -> frozenset:
    return frozenset(int(pk) for pk in (joined or "").split(",") if pk)


def with_goals(profiles):
    """Return the profiles queryset annotated with the chosen specialisations and done path
    steps, so they come in the profile's own query (see goals_of)."""
    chosen = (
        Profile.specialisations.through.objects.filter(profile=models.OuterRef("pk"))
        .order_by()
        .values("profile")
        .annotate(ids=JoinedIds("specialisation_id"))
        .values("ids")
    )
    done = (
        PathStepDone.objects.filter(user=models.OuterRef("user"))
        .order_by()
        .values("user")
        .annotate(ids=JoinedIds("step_id"))
        .values("ids")
    )
    courses = {
        f"courses_{state}": models.Subquery(
            CourseProgress.objects.filter(user=models.OuterRef("user"), state=state)
            .order_by()
            .values("user")
            .annotate(ids=JoinedIds("course_id"))
            .values("ids")
        )
        for state in CourseState.values
    }
    return profiles.annotate(
        specialisation_ids=models.Subquery(chosen), done_step_ids=models.Subquery(done), **courses
    )


def goals_of(profile) -> Goals:
    """Return a profile's chosen specialisations and done path steps: from its annotations
    when it was read through with_goals(), else in one query."""
    if hasattr(profile, "done_step_ids"):
        return Goals(
            specialisation_ids=_ids(profile.specialisation_ids),
            done_step_ids=_ids(profile.done_step_ids),
            course_states={
                pk: state
                for state in CourseState.values
                for pk in _ids(getattr(profile, f"courses_{state}"))
            },
        )
    chosen = (
        Profile.specialisations.through.objects.filter(profile_id=profile.pk)
        .annotate(kind=models.Value("s"))
        .values_list("kind", "specialisation_id")  # type: ignore[misc]
        .order_by()
    )
    done = (
        PathStepDone.objects.filter(user_id=profile.user_id)
        .annotate(kind=models.Value("p"))
        .values_list("kind", "step_id")
        .order_by()
    )
    # the state of a course is its kind: "planned", "started" or "done"
    courses = (
        CourseProgress.objects.filter(user_id=profile.user_id)
        .values_list("state", "course_id")
        .order_by()
    )
    rows = list(chosen.union(done, courses, all=True))
    return Goals(
        specialisation_ids=frozenset(pk for kind, pk in rows if kind == "s"),
        done_step_ids=frozenset(pk for kind, pk in rows if kind == "p"),
        course_states={pk: kind for kind, pk in rows if kind in CourseState.values},
    )
