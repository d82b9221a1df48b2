"""The four levels of care in plain words, for the public explainer.

Hours follow the clinical reference (ASAM Criteria, SAMHSA TIP 47); lengths are typical, not
limits: the care team decides with each person how long they stay.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from programs.models import Level


@dataclass(frozen=True, slots=True)
class LevelGuide:
    """What one level of care is, who it fits, its hours, its usual length and a typical day."""

    key: str
    name: Promise
    what: Promise
    who: Promise
    hours: Promise
    length: Promise
    day: Promise


LEVEL_GUIDE: tuple[LevelGuide, ...] = (
    LevelGuide(
        key=Level.OUTPATIENT,
        name=Level.OUTPATIENT.label,
        what=_(
            "Counselling sessions that fit around your daily life. You live at home and keep "
            "working or studying."
        ),
        who=_(
            "People whose drinking or drug use is starting to cause problems, who are safe at home "
            "and have people on their side. It is also the next step after more intensive care."
        ),
        hours=_(
            "Less than 9 hours a week for adults and less than 6 for young people under 18: often "
            "one or two sessions a week."
        ),
        length=_("Usually 3 to 6 months, sometimes longer."),
        day=_(
            "You come in for an hour or two, for a one-to-one session with your counsellor or a "
            "small group, and then go back to your day."
        ),
    ),
    LevelGuide(
        key=Level.IOP,
        name=Level.IOP.label,
        what=_(
            "Group and individual therapy 3 to 5 days a week. You live at home and sleep in your "
            "own bed."
        ),
        who=_(
            "People who need more support than a weekly session but are safe at home: no dangerous "
            "withdrawal, stable health, and somewhere supportive to live."
        ),
        hours=_(
            "9 to 19 hours a week for adults and 6 to 19 for young people under 18. Many programs "
            "meet in the evening so you can keep working."
        ),
        length=_("Usually 8 to 12 weeks, then a step down to outpatient care."),
        day=_(
            "About three hours: a check-in, a therapy group where you practise ways to handle "
            "cravings and stress, sometimes a one-to-one or family session, and time with a doctor "
            "if you take medication."
        ),
    ),
    LevelGuide(
        key=Level.RESIDENTIAL,
        name=Level.RESIDENTIAL.label,
        what=_(
            "You live at the treatment centre, with staff there day and night and a clear daily "
            "structure."
        ),
        who=_(
            "People for whom home is not a safe place to recover right now, whose withdrawal needs "
            "watching, or who have tried outpatient care and need more."
        ),
        hours=_("24 hours a day, 7 days a week."),
        length=_("Usually 4 to 6 weeks, sometimes a few months."),
        day=_(
            "Breakfast together, morning groups, one-to-one therapy, activities such as exercise "
            "or art, meals, evening meetings and quiet time. Staff are there through the night."
        ),
    ),
    LevelGuide(
        key=Level.INPATIENT,
        name=Level.INPATIENT.label,
        what=_(
            "Care in a hospital setting with doctors and nurses day and night, for withdrawal or "
            "health problems that need medical care."
        ),
        who=_(
            "People in danger from withdrawal (for example, seizures when stopping before), with a "
            "health problem that needs a doctor now, or not safe right now because of thoughts of "
            "suicide or of hurting someone."
        ),
        hours=_("24 hours a day, 7 days a week."),
        length=_(
            "Usually a few days to 2 weeks, until your body is stable; then a step down to "
            "residential care or intensive outpatient."
        ),
        day=_(
            "Nurses check on you often, doctors ease withdrawal and treat your health with "
            "medication, and you rest. As you feel better, counselling and planning the next "
            "step begin."
        ),
    ),
)
