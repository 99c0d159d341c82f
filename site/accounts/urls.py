from django.urls import path

from accounts import two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("home/", views.home, name="home"),
    path("account/", views.your_account, name="your_account"),
    path("account/password/", views.ChangePasswordView.as_view(), name="change_password"),
    path("account/reminders/", views.update_reminders, name="update_reminders"),
    path("account/two-factor/set-up/", two_factor_views.set_up, name="two_factor_set_up"),
    path(
        "account/two-factor/recovery-codes/",
        two_factor_views.recovery_codes,
        name="two_factor_codes",
    ),
    path(
        "account/two-factor/recovery-codes/new/",
        two_factor_views.new_recovery_codes,
        name="two_factor_new_codes",
    ),
    path("account/two-factor/verify/", two_factor_views.verify, name="two_factor_verify"),
    path(
        "account/two-factor/verify/recovery-code/",
        two_factor_views.verify_with_recovery_code,
        name="two_factor_recovery_code",
    ),
    path("account/two-factor/turn-off/", two_factor_views.turn_off, name="two_factor_turn_off"),
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
