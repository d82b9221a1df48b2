"""On a shared browser: the screening's cookie ends with the browser session, and "Clear this
device" removes the screening and its result at once (the lead stays with admissions)."""

from django.conf import settings

from admissions.models import Lead
from tests.intake.conftest import step_url

REACH_OUT = {"finish": {"finish": "reach_out"}}


def test_the_screening_cookie_ends_with_the_browser_session(walker, client):
    response = walker.post("start")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert not cookie["expires"] and not cookie["max-age"], "no date: it ends with the browser"


def test_clear_this_device_forgets_the_screening_and_its_result_but_not_the_lead(walker, client):
    walker.walk(changes=REACH_OUT)
    walker.send()
    result = client.get("/screen/result/").content.decode()
    assert "Clear this device" in result and 'action="/screen/forget/"' in result

    response = client.post("/screen/forget/")
    assert response["Location"] == "/screen/forget/done/"
    cleared = client.get("/screen/forget/done/").content.decode()
    assert "Nothing of your screening or your result is left in this browser" in cleared
    assert client.get("/screen/result/")["Location"] == "/screen/"
    assert client.get("/screen/begin/")["Location"] == step_url("start")
    assert client.get("/screen/insurance-card/")["Location"] == "/screen/result/"
    assert Lead.objects.count() == 1


def test_clear_this_device_speaks_spanish(walker, client):
    walker.walk(changes={"finish": {"finish": "result_only"}})
    walker.send()
    client.post("/i18n/setlang/", {"language": "es", "next": "/screen/result/"})
    assert "Borrar de este dispositivo" in client.get("/screen/result/").content.decode()
    client.post("/screen/forget/")
    assert "Este dispositivo quedó limpio" in client.get("/screen/forget/done/").content.decode()


def test_clearing_is_a_post_only(client, db):
    assert client.get("/screen/forget/").status_code == 405
