"""Every sentence a reason can show, keyed by its stable reason code.

The sentences speak to the person in plain words. They are marked with `gettext_noop` so that
Django's makemessages extracts them while this package stays free of Django; the web layer
translates `reason.text` with gettext when it shows it. Keep codes stable: translations and staff
views key on them. Keep sentences static (no placeholders).
"""


def gettext_noop(message: str) -> str:
    """Mark a string for translation without translating it here."""
    return message


MESSAGES: dict[str, str] = {
    "suicide_risk_high": gettext_noop(
        "You have recently had a plan or intention to end your life, or tried to, so your safety "
        "comes first: the safest start is care in a hospital, with people beside you day and night."
    ),
    "harm_others_plan": gettext_noop(
        "You have had a plan or intention to seriously hurt someone, so the safest start is care "
        "in a hospital, with people beside you day and night."
    ),
    "withdrawal_severe": gettext_noop(
        "You have had seizures, hallucinations or severe confusion when stopping before, so "
        "withdrawal should be managed by doctors in a hospital, where they can keep you safe."
    ),
    "medical_unstable": gettext_noop(
        "A health problem that needs care now or is getting worse should be looked after by "
        "doctors first, in a hospital."
    ),
    "liver_pancreas_daily_use": gettext_noop(
        "Using every day with a liver or pancreas problem can be dangerous, so doctors should look "
        "after your health first, in a hospital."
    ),
    "withdrawal_moderate": gettext_noop(
        "Using alcohol or calming pills every day and having withdrawal signs when stopping means "
        "withdrawal should be watched by medical staff, in a place where you can stay."
    ),
    "psychiatric_unstable_recent_hospital": gettext_noop(
        "Your mental health is not steady right now and you were in a psychiatric hospital in the "
        "past year, so a place with support day and night is safer for now."
    ),
    "psychiatric_unstable_severity": gettext_noop(
        "Your mental health is not steady right now and your substance use is serious too, so a "
        "place with support day and night can help with both together."
    ),
    "unsafe_environment_severity": gettext_noop(
        "Where you live right now makes it very hard to stay away from substances, so staying for "
        "a while in a safe place with support day and night gives you a better start."
    ),
    "relapse_high_severity": gettext_noop(
        "You went back to using after a treatment program before and your use is severe, so more "
        "support, with a place to stay, gives you a better chance this time."
    ),
    "suicide_risk_moderate": gettext_noop(
        "You have had thoughts of ending your life and of how you might do it, so someone should "
        "talk with you very soon, and your care should see you several times a week."
    ),
    "harm_others": gettext_noop(
        "You have had thoughts of seriously hurting someone, so someone should talk with you very "
        "soon, and your care should see you several times a week."
    ),
    "psychiatric_unstable": gettext_noop(
        "Your mental health is not steady right now, so your care should look after it together "
        "with your substance use, several times a week."
    ),
    "step_down": gettext_noop(
        "You left a hospital or residential program in the last month, so a program several days a "
        "week helps you keep what you have gained."
    ),
    "relapse_after_treatment": gettext_noop(
        "You went back to using after treatment before, so care that sees you several times a week "
        "gives you more support this time."
    ),
    "environment_moderate_severity": gettext_noop(
        "Your home is not settled or you do not have people backing your recovery, and your use is "
        "serious, so care that sees you several times a week gives you more support."
    ),
    "severity_none": gettext_noop(
        "You described few problems from using, so sessions that fit around your daily life are a "
        "good place to start."
    ),
    "severity_mild": gettext_noop(
        "Your answers point to a mild substance use problem, which usually does well with sessions "
        "that fit around your daily life."
    ),
    "severity_moderate": gettext_noop(
        "Your answers point to a moderate substance use problem, which usually does best with a "
        "program several days a week while you keep living at home."
    ),
    "severity_severe": gettext_noop(
        "Your answers point to a severe substance use problem, so you need a program several days "
        "a week at least."
    ),
    "severity_severe_environment": gettext_noop(
        "Your use is severe and your home situation does not fully support recovery right now, so "
        "living for a while where you get support day and night is recommended."
    ),
    "suicide_risk_low": gettext_noop(
        "You have had thoughts of wishing you were dead or of ending your life, so someone will "
        "check in with you soon. You do not have to carry this alone."
    ),
    "withdrawal_now": gettext_noop(
        "You have withdrawal symptoms right now, so someone should talk with you soon about "
        "staying safe and feeling better."
    ),
    "pregnancy": gettext_noop(
        "You are pregnant, so someone will reach you soon to make sure you and your baby get the "
        "right care."
    ),
    "adolescent": gettext_noop(
        "You are under 18, so someone will reach out soon, and your care will be planned for young "
        "people."
    ),
}
