from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("home/", views.home, name="home"),
    path("account/", views.your_account, name="your_account"),
    path("account/password/", views.ChangePasswordView.as_view(), name="change_password"),
    path("account/reminders/", views.update_reminders, name="update_reminders"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("councils/<str:ons_code>/team/", views.team, name="team"),
    path("councils/<str:ons_code>/team/invite/", views.invite_member, name="invite_member"),
    path(
        "councils/<str:ons_code>/team/<int:membership_id>/role/",
        views.change_role,
        name="change_role",
    ),
    path(
        "councils/<str:ons_code>/team/<int:membership_id>/remove/",
        views.remove_member,
        name="remove_member",
    ),
]
