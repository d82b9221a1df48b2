"""Every sentence a reason can show, keyed by its stable reason code, in three voices.

- `MESSAGES`: to the person themself ("you"); it is the `text` of a reason in the assessment JSON.
- `LOVED_ONE`: to a family member or friend who answered, about the person, named by the
  `{person}` placeholder ("your child", "your loved one": see `screening.voice`).
- `STAFF`: to admissions staff, in the third person.

The sentences are plain words. They are marked with `gettext_noop` so that Django's makemessages
extracts them while this package stays free of Django; the web layer translates them with gettext
(the English sentence is the message id) and only then fills in `{person}`. Keep codes stable:
translations, stored leads and staff views key on them. Sentences about the severity of use say
what the use alone would call for, so they read true under any recommended level.
"""


def gettext_noop(message: str) -> str:
    """Mark a string for translation without translating it here."""
    return message


_ = gettext_noop

MESSAGES: dict[str, str] = {
    "suicide_risk_high": _(
        "You have recently had a plan or intention to end your life, or tried to, so your safety "
        "comes first: the safest start is care in a hospital, with people beside you day and night."
    ),
    "harm_others_plan": _(
        "You have had a plan or intention to seriously hurt someone, so the safest start is care "
        "in a hospital, with people beside you day and night."
    ),
    "withdrawal_severe": _(
        "You have had seizures, hallucinations or severe confusion when stopping before, so "
        "withdrawal should be managed by doctors in a hospital, where they can keep you safe."
    ),
    "medical_unstable": _(
        "A health problem that needs care now or is getting worse should be looked after by "
        "doctors first, in a hospital."
    ),
    "liver_pancreas_daily_use": _(
        "Drinking or taking calming pills every day with a liver or pancreas problem can be "
        "dangerous, so doctors should look after your health first, in a hospital."
    ),
    "withdrawal_moderate": _(
        "Using alcohol or calming pills every day and having withdrawal signs when stopping means "
        "withdrawal should be watched by medical staff, in a place where you can stay."
    ),
    "psychiatric_unstable_recent_hospital": _(
        "Your mental health is not steady right now and you were in a psychiatric hospital in the "
        "past year, so a place with support day and night is safer for now."
    ),
    "psychiatric_unstable_severity": _(
        "Your mental health is not steady right now and your substance use is serious too, so a "
        "place with support day and night can help with both together."
    ),
    "unsafe_environment_severity": _(
        "Where you live right now makes it very hard to stay away from substances, so staying for "
        "a while in a safe place with support day and night gives you a better start."
    ),
    "relapse_high_severity": _(
        "You went back to using after a treatment program before and your use is severe, so more "
        "support, with a place to stay, gives you a better chance this time."
    ),
    "suicide_risk_moderate": _(
        "You have had thoughts of ending your life and of how you might do it, so it matters to "
        "talk with someone very soon, and your care should see you several times a week."
    ),
    "harm_others": _(
        "You have had thoughts of seriously hurting someone, so it matters to talk with someone "
        "very soon, and your care should see you several times a week."
    ),
    "psychiatric_unstable": _(
        "Your mental health is not steady right now, so your care should look after it together "
        "with your substance use, several times a week."
    ),
    "step_down": _(
        "You left a hospital or residential program in the last month, so a program several days a "
        "week helps you keep what you have gained."
    ),
    "relapse_after_treatment": _(
        "You went back to using after treatment before, so care that sees you several times a week "
        "gives you more support this time."
    ),
    "environment_moderate_severity": _(
        "Your home is not settled or you do not have people backing your recovery, and your use is "
        "serious, so care that sees you several times a week gives you more support."
    ),
    "overdose_risk_high": _(
        "Opioids after an overdose or time away from them, or with alcohol or calming pills, make "
        "an overdose much more likely: care several times a week is safer, with naloxone at hand."
    ),
    "severity_none": _(
        "You described few problems from using; on their own, they would fit sessions around your "
        "daily life."
    ),
    "severity_mild": _(
        "Your answers point to a mild substance use problem, which on its own usually does well "
        "with sessions that fit around your daily life."
    ),
    "severity_moderate": _(
        "Your answers point to a moderate substance use problem, which on its own usually does "
        "best with a program several days a week."
    ),
    "severity_severe": _(
        "Your answers point to a severe substance use problem, so you need a program several days "
        "a week at least."
    ),
    "severity_severe_environment": _(
        "Your use is severe and your home situation does not fully support recovery right now, so "
        "living for a while where you get support day and night is recommended."
    ),
    "suicide_risk_low": _(
        "You have had thoughts of wishing you were dead or of ending your life, so it matters to "
        "talk with someone soon. You do not have to carry this alone."
    ),
    "safety_unknown_urgent": _(
        "Some questions about a plan to end your life, a recent attempt, or a plan to hurt someone "
        "were left open, so it matters to talk with someone very soon."
    ),
    "safety_unknown_other": _(
        "Some questions about your safety were left open, so it matters to talk with someone soon."
    ),
    "withdrawal_now": _(
        "You have withdrawal symptoms right now, so it matters to talk with someone soon about "
        "staying safe and feeling better."
    ),
    "overdose_risk_moderate": _(
        "Your use carries a risk of overdose, so it matters to talk with someone soon, and keeping "
        "naloxone near you can save your life."
    ),
    "taper_needed": _(
        "Stopping calming pills suddenly after regular use can cause seizures, so do not stop on "
        "your own: a doctor can help you lower them safely."
    ),
    "perinatal_high_risk": _(
        "You are pregnant and using opioids, alcohol or calming pills, and stopping suddenly can "
        "harm the pregnancy, so it matters to talk with someone very soon about safe care."
    ),
    "perinatal_use": _(
        "You are pregnant and have used recently, so it matters to talk with someone soon so that "
        "you and your baby get the right care."
    ),
    "pregnancy": _(
        "You are pregnant, so it matters to talk with someone soon so that you and your baby get "
        "the right care."
    ),
    "adolescent": _(
        "You are under 18, so your care will be planned for young people, and it matters to talk "
        "with someone soon."
    ),
}

LOVED_ONE: dict[str, str] = {
    "suicide_risk_high": _(
        "{person} has recently had a plan or intention to end their life, or tried to, so their "
        "safety comes first: the safest start is care in a hospital, with people beside them day "
        "and night."
    ),
    "harm_others_plan": _(
        "{person} has had a plan or intention to seriously hurt someone, so the safest start is "
        "care in a hospital, with people beside them day and night."
    ),
    "withdrawal_severe": _(
        "{person} has had seizures, hallucinations or severe confusion when stopping before, so "
        "withdrawal should be managed by doctors in a hospital, where they can keep them safe."
    ),
    "medical_unstable": _(
        "{person} has a health problem that needs care now or is getting worse, so doctors should "
        "look after it first, in a hospital."
    ),
    "liver_pancreas_daily_use": _(
        "Drinking or taking calming pills every day with a liver or pancreas problem can be "
        "dangerous, so doctors should look after the health of {person} first, in a hospital."
    ),
    "withdrawal_moderate": _(
        "{person} uses alcohol or calming pills every day and has had withdrawal signs when "
        "stopping, so withdrawal should be watched by medical staff, in a place where they can "
        "stay."
    ),
    "psychiatric_unstable_recent_hospital": _(
        "The mental health of {person} is not steady right now and they were in a psychiatric "
        "hospital in the past year, so a place with support day and night is safer for now."
    ),
    "psychiatric_unstable_severity": _(
        "The mental health of {person} is not steady right now and their substance use is serious "
        "too, so a place with support day and night can help with both together."
    ),
    "unsafe_environment_severity": _(
        "Where {person} lives right now makes it very hard to stay away from substances, so "
        "staying for a while in a safe place with support day and night gives them a better start."
    ),
    "relapse_high_severity": _(
        "{person} went back to using after a treatment program before and their use is severe, so "
        "more support, with a place to stay, gives them a better chance this time."
    ),
    "suicide_risk_moderate": _(
        "{person} has had thoughts of ending their life and of how they might do it, so it matters "
        "that they talk with someone very soon, and their care should see them several times a "
        "week."
    ),
    "harm_others": _(
        "{person} has had thoughts of seriously hurting someone, so it matters that they talk with "
        "someone very soon, and their care should see them several times a week."
    ),
    "psychiatric_unstable": _(
        "The mental health of {person} is not steady right now, so their care should look after it "
        "together with their substance use, several times a week."
    ),
    "step_down": _(
        "{person} left a hospital or residential program in the last month, so a program several "
        "days a week helps them keep what they have gained."
    ),
    "relapse_after_treatment": _(
        "{person} went back to using after treatment before, so care that sees them several times "
        "a week gives them more support this time."
    ),
    "environment_moderate_severity": _(
        "The home of {person} is not settled or they do not have people backing their recovery, "
        "and their use is serious, so care that sees them several times a week gives more support."
    ),
    "overdose_risk_high": _(
        "Opioids after an overdose or time away from them, or with alcohol or calming pills, make "
        "an overdose much more likely for {person}: care several times a week is safer, with "
        "naloxone at hand."
    ),
    "severity_none": _(
        "You described few problems from the use of {person}; on their own, they would fit "
        "sessions around daily life."
    ),
    "severity_mild": _(
        "Your answers point to a mild substance use problem for {person}, which on its own usually "
        "does well with sessions that fit around daily life."
    ),
    "severity_moderate": _(
        "Your answers point to a moderate substance use problem for {person}, which on its own "
        "usually does best with a program several days a week."
    ),
    "severity_severe": _(
        "Your answers point to a severe substance use problem for {person}, so they need a "
        "program several days a week at least."
    ),
    "severity_severe_environment": _(
        "The use of {person} is severe and their home situation does not fully support recovery "
        "right now, so living for a while where they get support day and night is recommended."
    ),
    "suicide_risk_low": _(
        "{person} has had thoughts of wishing they were dead or of ending their life, so it "
        "matters that they talk with someone soon. Neither of you has to carry this alone."
    ),
    "safety_unknown_urgent": _(
        "You could not say whether {person} has a plan to end their life, made a recent attempt, "
        "or has a plan to hurt someone, so it matters that someone talks with them very soon."
    ),
    "safety_unknown_other": _(
        "Some questions about the safety of {person} were left open, so it matters that someone "
        "talks with them soon."
    ),
    "withdrawal_now": _(
        "{person} has withdrawal symptoms right now, so it matters that they talk with someone "
        "soon about staying safe and feeling better."
    ),
    "overdose_risk_moderate": _(
        "The use of {person} carries a risk of overdose, so it matters that they talk with someone "
        "soon, and having naloxone at hand can save their life."
    ),
    "taper_needed": _(
        "Stopping calming pills suddenly after regular use can cause seizures, so {person} should "
        "not stop on their own: a doctor can help them lower them safely."
    ),
    "perinatal_high_risk": _(
        "{person} is pregnant and using opioids, alcohol or calming pills, and stopping suddenly "
        "can harm the pregnancy, so it matters that they talk with someone very soon about safe "
        "care."
    ),
    "perinatal_use": _(
        "{person} is pregnant and has used recently, so it matters that they talk with someone "
        "soon so that they and the baby get the right care."
    ),
    "pregnancy": _(
        "{person} is pregnant, so it matters that they talk with someone soon so that they and the "
        "baby get the right care."
    ),
    "adolescent": _(
        "{person} is under 18, so their care will be planned for young people, and it matters "
        "that they talk with someone soon."
    ),
}

STAFF: dict[str, str] = {
    "suicide_risk_high": _(
        "Recent plan or intention to end their life, or an attempt or preparation in the past 3 "
        "months: safety first, care in a hospital."
    ),
    "harm_others_plan": _(
        "A plan or intention to seriously hurt someone: the safest start is care in a hospital."
    ),
    "withdrawal_severe": _(
        "Seizures, hallucinations or delirium when stopping before, with recent use of a "
        "depressant or withdrawal now: medically managed withdrawal in a hospital."
    ),
    "medical_unstable": _(
        "A health problem needs care now or is getting worse: medical care first, in a hospital."
    ),
    "liver_pancreas_daily_use": _(
        "Liver or pancreas disease with daily use of alcohol or sedatives: medical care first, in "
        "a hospital."
    ),
    "withdrawal_moderate": _(
        "Daily alcohol or sedative use with withdrawal signs: monitored withdrawal in 24-hour care."
    ),
    "psychiatric_unstable_recent_hospital": _(
        "Mental health not stable now, with a psychiatric hospital stay in the past year: 24-hour "
        "support for now."
    ),
    "psychiatric_unstable_severity": _(
        "Mental health not stable now, with moderate or severe use: 24-hour support for both."
    ),
    "unsafe_environment_severity": _(
        "Homeless or living with someone who uses, with moderate or severe use: a safe place with "
        "24-hour support."
    ),
    "relapse_high_severity": _(
        "Went back to using after a structured program, and use is severe: residential care."
    ),
    "suicide_risk_moderate": _(
        "Thoughts of ending their life with a method in mind: talk with them very soon; care "
        "several times a week."
    ),
    "harm_others": _(
        "Thoughts of seriously hurting someone, without a plan: talk with them very soon; care "
        "several times a week."
    ),
    "psychiatric_unstable": _(
        "Mental health not stable now: care for it together with the use, several times a week."
    ),
    "step_down": _(
        "Left inpatient or residential care in the past 30 days: step down to a program several "
        "days a week."
    ),
    "relapse_after_treatment": _(
        "Went back to using after treatment: care several times a week gives more support."
    ),
    "environment_moderate_severity": _(
        "Unsettled housing or no one backing their recovery, with moderate or severe use: care "
        "several times a week."
    ),
    "overdose_risk_high": _(
        "Opioids after an overdose, after release or discharge, or with weekly or daily "
        "depressants: high overdose risk; care several times a week, naloxone."
    ),
    "severity_none": _("Few problems from use (0-1 criteria): on its own, outpatient."),
    "severity_mild": _("Mild substance use disorder (2-3 criteria): on its own, outpatient."),
    "severity_moderate": _(
        "Moderate substance use disorder (4-5 criteria): on its own, intensive outpatient."
    ),
    "severity_severe": _(
        "Severe substance use disorder (6 or more criteria): intensive outpatient at least."
    ),
    "severity_severe_environment": _(
        "Severe use, and the home does not fully support recovery: residential care."
    ),
    "suicide_risk_low": _(
        "Wished they were dead or had thoughts of ending their life, past month: call soon."
    ),
    "safety_unknown_urgent": _(
        "Not known whether there is a suicide plan or intent, a recent attempt, or a plan to hurt "
        "someone: call very soon and ask."
    ),
    "safety_unknown_other": _("Some safety questions were left open: call soon and ask."),
    "withdrawal_now": _("Withdrawal symptoms now: call soon."),
    "overdose_risk_moderate": _(
        "Overdose risk (a past overdose, injecting, or daily opioids): call soon; naloxone."
    ),
    "taper_needed": _(
        "Weekly or daily benzodiazepines or sedatives: a supervised taper, never a sudden stop."
    ),
    "perinatal_high_risk": _(
        "Pregnant, with recent use of opioids or depressants: stopping suddenly can harm the "
        "pregnancy; call very soon."
    ),
    "perinatal_use": _("Pregnant, with use in the past 30 days: call soon."),
    "pregnancy": _("Pregnant: call soon."),
    "adolescent": _("Under 18: care planned for young people; call soon."),
}
