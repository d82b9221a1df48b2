"""The words people see for each key of the screener's vocabulary, and the wizard's own choices.

Keys come from ``screening.vocab`` (a key exists in one place); a test checks that every key has
its words here. Labels avoid "you" where they can, so one list serves both wordings.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

YES_NO = (("yes", _("Yes")), ("no", _("No")))

RESPONDENTS = (
    ("self", _("For me")),
    ("loved_one", _("For someone I care about")),
)

RELATIONSHIPS = (
    ("parent", _("I am their parent or guardian")),
    ("partner", _("I am their partner or spouse")),
    ("child", _("I am their child")),
    ("sibling", _("I am their brother or sister")),
    ("friend", _("I am their friend")),
    ("other", _("Another relationship")),
)

SUBSTANCES = (
    ("alcohol", _("Alcohol")),
    ("opioids", _("Opioids (heroin, fentanyl, pain pills such as oxycodone)")),
    ("benzodiazepines", _("Benzodiazepines (such as Xanax or Valium)")),
    ("sedatives", _("Other sedatives or sleeping pills")),
    ("stimulants", _("Stimulants (cocaine, meth, ADHD pills not taken as prescribed)")),
    ("cannabis", _("Cannabis (marijuana)")),
    ("hallucinogens", _("Hallucinogens (LSD, mushrooms, ecstasy)")),
    ("other", _("Something else")),
)

FREQUENCIES = (
    ("daily", _("Every day or almost every day")),
    ("weekly", _("Every week, but not every day")),
    ("monthly", _("Once or a few times in the month")),
    ("not_past_30_days", _("Not in the past 30 days")),
)

USE_CRITERIA = (
    ("larger_amounts", _("Often used more, or for longer, than intended")),
    ("cant_cut_down", _("Wanted to cut down or stop, but could not")),
    ("time_spent", _("Spent a lot of time getting it, using it or getting over it")),
    ("craving", _("Had strong urges or cravings to use")),
    ("role_failure", _("Using got in the way of work, school or duties at home")),
    ("social_problems", _("Kept using even though it caused trouble with other people")),
    ("activities_given_up", _("Gave up or cut down on things that used to matter")),
    ("hazardous_use", _("Used in risky situations, such as before driving")),
    ("physical_psych_harm", _("Kept using even though it was harming body or mind")),
    ("tolerance", _("Needed more to get the same effect")),
    ("withdrawal", _("Felt ill when it wore off, or used to keep from feeling ill")),
)

WITHDRAWAL_SYMPTOMS = (
    ("shakes_sweats", _("Shaking or sweating")),
    ("nausea_vomiting", _("Feeling sick or throwing up")),
    ("anxiety_insomnia", _("Anxiety or trouble sleeping")),
    ("hallucinations", _("Seeing or hearing things that were not there")),
    ("seizures", _("A seizure (fit)")),
    ("delirium_tremens", _("Severe confusion with shaking and fever (the DTs)")),
)

MEDICAL_CONDITIONS = (
    ("liver_disease", _("Liver disease")),
    ("pancreatitis", _("Pancreatitis")),
    ("heart_condition", _("A heart condition")),
    ("seizure_disorder", _("Epilepsy or another seizure disorder")),
    ("pregnancy", _("Pregnancy")),
    ("other_serious", _("Another serious health condition")),
)

# (key, asked of the person, asked about a loved one). Our own wording, modelled on the structure
# of a suicide-risk screener: past month unless the question says otherwise.
SAFETY = (
    (
        "wish_dead",
        _("In the past month, have you wished you were no longer alive?"),
        _("In the past month, has your loved one wished they were no longer alive?"),
    ),
    (
        "suicidal_thoughts",
        _("In the past month, have you had thoughts of ending your life?"),
        _("In the past month, has your loved one had thoughts of ending their life?"),
    ),
    (
        "method",
        _("In the past month, have you thought about a way you might end your life?"),
        _("In the past month, has your loved one thought about a way they might end their life?"),
    ),
    (
        "intent",
        _("In the past month, have you meant to act on thoughts of ending your life?"),
        _("In the past month, has your loved one meant to act on thoughts of ending their life?"),
    ),
    (
        "plan",
        _("In the past month, have you worked out details of how to end your life?"),
        _("In the past month, has your loved one worked out details of how to end their life?"),
    ),
    (
        "behavior_past_3_months",
        _("In the past 3 months, have you done anything to end your life, or started to?"),
        _(
            "In the past 3 months, has your loved one done anything to end their life, "
            "or started to?"
        ),
    ),
    (
        "harm_others",
        _("In the past month, have you had thoughts of seriously hurting someone?"),
        _("In the past month, has your loved one had thoughts of seriously hurting someone?"),
    ),
    (
        "harm_others_plan",
        _("In the past month, have you had a plan or intention to seriously hurt someone?"),
        _(
            "In the past month, has your loved one had a plan or intention to seriously "
            "hurt someone?"
        ),
    ),
)

# The third answer of every safety question: it records no answer (null) either way.
SAFETY_UNSURE = _("Not sure / prefer not to say")
SAFETY_UNSURE_LOVED_ONE = _("I don't know")

MENTAL_HEALTH = (
    ("depression", _("Depression")),
    ("anxiety", _("Anxiety")),
    ("ptsd", _("Post-traumatic stress (PTSD)")),
    ("bipolar", _("Bipolar disorder")),
    ("psychosis", _("Psychosis or schizophrenia")),
    ("eating_disorder", _("An eating disorder")),
    ("adhd", _("ADHD")),
    ("other", _("Something else")),
)

OFTEN = (
    ("0", _("Not at all")),
    ("1", _("Several days")),
    ("2", _("More than half the days")),
    ("3", _("Nearly every day")),
    ("skip", _("Not sure, or prefer not to say")),
)

MOOD = (
    (
        "phq_interest",
        _("Over the last 2 weeks, how often have you had little interest or joy in doing things?"),
        _(
            "Over the last 2 weeks, how often has your loved one seemed to have little interest "
            "or joy in doing things?"
        ),
    ),
    (
        "phq_down",
        _("Over the last 2 weeks, how often have you felt down, low or hopeless?"),
        _("Over the last 2 weeks, how often has your loved one seemed down, low or hopeless?"),
    ),
    (
        "gad_nervous",
        _("Over the last 2 weeks, how often have you felt nervous, anxious or on edge?"),
        _(
            "Over the last 2 weeks, how often has your loved one seemed nervous, anxious "
            "or on edge?"
        ),
    ),
    (
        "gad_worry",
        _("Over the last 2 weeks, how often have you been unable to stop or control worrying?"),
        _(
            "Over the last 2 weeks, how often has your loved one seemed unable to stop or control "
            "worrying?"
        ),
    ),
)

PRIOR_TREATMENT = (
    ("detox", _("Detox (supervised withdrawal)")),
    ("inpatient", _("Inpatient care in a hospital")),
    ("residential", _("A residential program (living on site)")),
    ("iop", _("An intensive outpatient program (IOP)")),
    ("outpatient", _("Outpatient counselling")),
)

LIVING = (
    ("stable", _("A stable home")),
    ("unstable", _("A home that may not last, such as staying with friends for now")),
    ("homeless", _("No home right now (street, car or shelter)")),
    ("with_active_user", _("With someone who drinks or uses drugs heavily")),
)

SUPPORT = (
    ("family", _("Family")),
    ("partner", _("A partner or spouse")),
    ("friends", _("Friends")),
    ("sponsor", _("A sponsor or mentor in recovery")),
    ("mutual_help", _("A mutual-help group, such as AA, NA or SMART Recovery")),
)

OBLIGATIONS = (
    ("work", _("A job")),
    ("school", _("School or studies")),
    ("dependents", _("Caring for children or other people")),
)

GROUP_COMFORT = (
    ("yes", _("Comfortable")),
    # In context: the staff's catalogue has "Not sure" for a caller who does not know.
    ("unsure", pgettext_lazy("comfort in group therapy", "Not sure")),
    ("no", _("Would rather not")),
)

READINESS = (
    ("ready", _("Ready to start now")),
    ("considering", _("Thinking about it")),
    ("not_ready", _("Not ready yet")),
)

FINISH = (
    ("reach_out", _("Have a counsellor reach out to me")),
    ("result_only", _("Just show me the result, without giving any contact details")),
)

# The keys of admissions' contact fields; the lead service validates them again.
CONTACT_METHODS = (
    ("phone", _("A phone call")),
    ("text", _("A text message")),
    ("email", _("An email")),
)
CONTACT_TIMES = (
    ("anytime", _("Any time")),
    ("morning", _("Morning")),
    ("afternoon", _("Afternoon")),
    ("evening", _("Evening")),
)
LANGUAGES = (("en", _("English")), ("es", _("Spanish")))
HEARD_ABOUT = (
    ("", _("Prefer not to say")),
    ("search", _("A search engine")),
    ("doctor", _("A doctor or therapist")),
    ("family_friend", _("Family or a friend")),
    ("insurance", _("Insurance")),
    ("social", _("Social media")),
    ("court", _("A court or an employer")),
    ("other", _("Something else")),
)

LEVEL_NAMES = {
    "outpatient": _("Outpatient"),
    "iop": _("Intensive outpatient (IOP)"),
    "residential": _("Residential"),
    "inpatient": _("Inpatient"),
}
