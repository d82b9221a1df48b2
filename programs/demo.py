"""A realistic demo catalog, so a newcomer sees matching and the program pages at work.

Fictional programs and places. `seed_catalog()` is idempotent: it creates or updates each demo
program by its slug and leaves every other program alone.
"""

from decimal import Decimal

from django.db import transaction

from programs.availability import NewPatients
from programs.models import Program

DEMO_PROGRAMS: tuple[dict, ...] = (
    {
        "slug": "adult-iop-day",
        "name": "Daytime Intensive Outpatient (adults)",
        "name_es": "Programa intensivo ambulatorio de día (adultos)",
        "level": "iop",
        "audience": "adults",
        "hours_per_week": Decimal(12),
        "days_per_week": 4,
        "schedules": ["daytime"],
        "typical_weeks": 10,
        "services": [
            "group",
            "individual",
            "family",
            "medication",
            "cbt",
            "motivational",
            "education",
        ],
        "co_occurring_track": False,
        "languages": ["en"],
        "location": "Riverside Clinic, 2nd floor",
        "capacity": 16,
        "description_en": (
            "Four mornings a week, 9 to 12, Monday to Thursday. Each morning starts with a "
            "check-in, then a therapy group where you practise ways to handle cravings and stress. "
            "You also meet your own counsellor every week, and a doctor if you take medication "
            "for alcohol or opioid use."
        ),
        "description_es": (
            "Cuatro mañanas a la semana, de 9 a 12, de lunes a jueves. Cada mañana empieza con una "
            "conversación breve y sigue con un grupo de terapia donde practicas formas de manejar "
            "los antojos y el estrés. También te reúnes cada semana con tu consejero o consejera, "
            "y con un médico si tomas medicación para el consumo de alcohol u opioides."
        ),
    },
    {
        "slug": "adult-iop-evening",
        "name": "Evening Intensive Outpatient (adults)",
        "name_es": "Programa intensivo ambulatorio de tarde-noche (adultos)",
        "level": "iop",
        "audience": "adults",
        "hours_per_week": Decimal(9),
        "days_per_week": 3,
        "schedules": ["evening"],
        "typical_weeks": 12,
        "services": ["group", "individual", "medication", "cbt", "motivational", "mutual_help"],
        "co_occurring_track": False,
        "languages": ["en"],
        "location": "Riverside Clinic, 2nd floor",
        "capacity": 14,
        "description_en": (
            "Three evenings a week, 6 to 9 pm, so you can keep your job. Groups, a weekly "
            "one-to-one session, and medication support for alcohol or opioid use if you want it."
        ),
        "description_es": (
            "Tres tardes a la semana, de 6 a 9 de la noche, para que puedas seguir trabajando. "
            "Grupos, una sesión individual cada semana y apoyo con medicación para el consumo de "
            "alcohol u opioides, si lo deseas."
        ),
    },
    {
        "slug": "teen-iop",
        "name": "Teen Intensive Outpatient (ages 12 to 17)",
        "name_es": "Programa intensivo ambulatorio para adolescentes (12 a 17 años)",
        "level": "iop",
        "audience": "adolescents",
        "hours_per_week": Decimal(9),
        "days_per_week": 3,
        "schedules": ["evening"],
        "typical_weeks": 10,
        "services": ["group", "individual", "family", "dbt", "education", "holistic"],
        "co_occurring_track": False,
        "languages": ["en", "es"],
        "location": "Maple Street Youth Centre",
        "capacity": 10,
        "description_en": (
            "After school, three days a week, 3:30 to 6:30 pm. Small groups with people your age, "
            "your own counsellor, and a weekly family session so parents or carers can help too. "
            "A teacher helps you keep up with schoolwork."
        ),
        "description_es": (
            "Después de clase, tres días a la semana, de 3:30 a 6:30 de la tarde. Grupos pequeños "
            "con gente de tu edad, tu propio consejero o consejera, y una sesión familiar cada "
            "semana para que tu familia también pueda ayudar. Un maestro te ayuda a seguir al día "
            "con la escuela."
        ),
    },
    {
        "slug": "outpatient-counselling",
        "name": "Outpatient Counselling",
        "name_es": "Consejería ambulatoria",
        "level": "outpatient",
        "audience": "both",
        "hours_per_week": Decimal(2),
        "days_per_week": 1,
        "schedules": ["daytime", "evening"],
        "typical_weeks": 16,
        "services": ["individual", "group", "medication", "motivational", "cbt", "anger"],
        "co_occurring_track": False,
        "languages": ["en", "es"],
        "location": "Riverside Clinic, 1st floor",
        "capacity": 60,
        "description_en": (
            "One or two hours a week, at a time that suits you: a one-to-one session with your "
            "counsellor, and a weekly group if you want one. Also the next step after an "
            "intensive program."
        ),
        "description_es": (
            "Una o dos horas a la semana, en el horario que te venga mejor: una sesión individual "
            "con tu consejero o consejera y, si quieres, un grupo semanal. También es el siguiente "
            "paso después de un programa intensivo."
        ),
    },
    {
        "slug": "saturday-recovery-group",
        "name": "Saturday Recovery Group",
        "name_es": "Grupo de recuperación de los sábados",
        "level": "outpatient",
        "audience": "adults",
        "hours_per_week": Decimal(3),
        "days_per_week": 1,
        "schedules": ["weekend"],
        "typical_weeks": 12,
        "services": ["group", "education", "mutual_help"],
        "co_occurring_track": False,
        "languages": ["en"],
        "location": "Riverside Clinic, 1st floor",
        "capacity": 12,
        "new_patients": NewPatients.CLOSED,
        "description_en": (
            "Saturday mornings, 9 to 12: a recovery group and a class about how substances affect "
            "body and mind. Full at the moment; ask a counsellor about the next start date."
        ),
        "description_es": (
            "Los sábados por la mañana, de 9 a 12: un grupo de recuperación y una clase sobre cómo "
            "afectan las sustancias al cuerpo y a la mente. Ahora está completo; pregunta a un "
            "consejero o consejera por la próxima fecha de inicio."
        ),
    },
    {
        "slug": "programa-intensivo-en-espanol",
        "name": "Spanish-language Intensive Outpatient",
        "name_es": "Programa intensivo ambulatorio en español",
        "level": "iop",
        "audience": "adults",
        "hours_per_week": Decimal(10),
        "days_per_week": 3,
        "schedules": ["evening", "weekend"],
        "typical_weeks": 10,
        "services": ["group", "individual", "family", "medication", "motivational"],
        "co_occurring_track": False,
        "languages": ["es"],
        "location": "Eastside Community Health Centre",
        "capacity": 12,
        "description_en": (
            "Held entirely in Spanish: two weekday evenings and Saturday morning. Groups, "
            "one-to-one sessions, family sessions and medication support, with staff who share "
            "your language."
        ),
        "description_es": (
            "Todo en español: dos tardes entre semana y el sábado por la mañana. Grupos, sesiones "
            "individuales, sesiones familiares y apoyo con medicación, con un equipo que habla tu "
            "idioma."
        ),
    },
    {
        "slug": "dual-recovery-iop",
        "name": "Dual Recovery Intensive Outpatient (mental health and substance use)",
        "name_es": "Programa intensivo ambulatorio de doble recuperación (salud mental y consumo)",
        "level": "iop",
        "audience": "adults",
        "hours_per_week": Decimal(15),
        "days_per_week": 5,
        "schedules": ["daytime"],
        "typical_weeks": 12,
        "services": ["group", "individual", "psychiatric", "medication", "cbt", "dbt", "holistic"],
        "co_occurring_track": True,
        "languages": ["en"],
        "location": "Riverside Clinic, 3rd floor",
        "capacity": 12,
        "description_en": (
            "For people living with depression, anxiety, trauma or another mental health "
            "condition alongside alcohol or drug use. Five mornings a week, one team treats both "
            "together, with a psychiatrist who reviews your medication."
        ),
        "description_es": (
            "Para personas que viven con depresión, ansiedad, trauma u otro problema de salud "
            "mental junto con el consumo de alcohol o drogas. Cinco mañanas a la semana, un mismo "
            "equipo trata ambas cosas a la vez, con un psiquiatra que revisa tu medicación."
        ),
    },
    {
        "slug": "harbor-house-residential",
        "name": "Harbor House Residential",
        "name_es": "Harbor House, tratamiento residencial",
        "level": "residential",
        "audience": "adults",
        "hours_per_week": Decimal(168),
        "days_per_week": 7,
        "schedules": ["daytime", "evening", "weekend"],
        "typical_weeks": 5,
        "services": [
            "withdrawal",
            "group",
            "individual",
            "family",
            "medication",
            "psychiatric",
            "cbt",
            "dbt",
            "holistic",
            "mutual_help",
            "education",
        ],
        "co_occurring_track": True,
        "languages": ["en", "es"],
        "location": "Harbor House, Lakeview",
        "capacity": 24,
        "description_en": (
            "You live at Harbor House, with staff there day and night. Days follow a clear "
            "structure: groups, one-to-one therapy, exercise and art, meals together and evening "
            "meetings. Nurses watch over withdrawal, and families join a weekend session."
        ),
        "description_es": (
            "Vives en Harbor House, con personal presente de día y de noche. Los días siguen una "
            "rutina clara: grupos, terapia individual, ejercicio y arte, comidas en común y "
            "reuniones por la tarde. El equipo de enfermería vigila la abstinencia y las familias "
            "participan en una sesión el fin de semana."
        ),
    },
    {
        "slug": "st-anne-medical-withdrawal",
        "name": "Medical Withdrawal Unit, St. Anne's Hospital (partner)",
        "name_es": "Unidad médica de abstinencia, Hospital St. Anne (colaborador)",
        "level": "inpatient",
        "audience": "adults",
        "hours_per_week": Decimal(168),
        "days_per_week": 7,
        "schedules": ["daytime", "evening", "weekend"],
        "typical_weeks": 1,
        "services": ["withdrawal", "medication", "psychiatric", "individual"],
        "co_occurring_track": True,
        "languages": ["en", "es"],
        "location": "St. Anne's Hospital, 4th floor",
        "capacity": 8,
        "description_en": (
            "A hospital unit where doctors and nurses manage withdrawal safely, day and night, "
            "and treat health problems that cannot wait. Usually a few days to a week; before you "
            "leave, the team arranges your next step with us."
        ),
        "description_es": (
            "Una unidad del hospital donde médicos y enfermeras manejan la abstinencia de forma "
            "segura, de día y de noche, y tratan los problemas de salud que no pueden esperar. "
            "Suele durar de unos días a una semana; antes de que salgas, el equipo organiza "
            "contigo el siguiente paso."
        ),
    },
)


@transaction.atomic
def seed_catalog() -> int:
    """Create or update every demo program (each validated); return how many programs exist."""
    for data in DEMO_PROGRAMS:
        fields = {"new_patients": NewPatients.AUTOMATIC, **data}
        slug = fields.pop("slug")
        program = Program.objects.filter(slug=slug).first() or Program(slug=slug)
        for name, value in fields.items():
            setattr(program, name, value)
        program.full_clean()
        program.save()
    return Program.objects.count()
