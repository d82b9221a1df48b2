from django.urls import path

from intake import insurance_views, views

app_name = "intake"

urlpatterns = [
    path("help/", views.crisis_help, name="help"),
    path("exit/", views.quick_exit, name="quick_exit"),
    path("screen/", views.intro, name="intro"),
    path("screen/begin/", views.begin, name="begin"),
    path("screen/restart/", views.restart, name="restart"),
    path("screen/step/<slug:name>/", views.step, name="step"),
    path("screen/support/", views.crisis, name="crisis"),
    path("screen/result/", views.result, name="result"),
    path("screen/result/reach-out/", views.reach_out, name="reach_out"),
    path("screen/result/book/", views.book_assessment, name="book_assessment"),
    path("screen/forget/", views.forget_device, name="forget_device"),
    path("screen/forget/done/", views.forgotten, name="forgotten"),
    path("screen/later/", views.later, name="later"),
    path("screen/later/sent/", views.later_sent, name="later_sent"),
    path("screen/later/code/", views.later_code, name="later_code"),
    path("screen/code/", views.resume_code, name="resume_code"),
    path("screen/resume/", views.resume, name="resume"),
    path("screen/insurance-card/", insurance_views.insurance_card, name="insurance_card"),
    path("screen/resume/open/", views.resume_open, name="resume_open"),
    path("screen/resume/<str:token>/", views.resume_link, name="resume_link"),
]
