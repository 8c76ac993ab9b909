from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from service.review.services import ACTIONS, MAX_NOTE_LENGTH, REJECT_REASONS

REASON_LABELS = {
    "spam": "Spam",
    "toxic": "Toxic",
    "insult": "Insult",
    "threat": "Threat",
    "hate": "Hate",
    "personal_data": "Personal data",
    "off_topic": "Off-topic",
    "other": "Other",
}
assert tuple(REASON_LABELS) == REJECT_REASONS


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=100)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1000)])


class DecisionForm(FlaskForm):
    """One decision; the pressed button names the action."""

    action = StringField(validators=[DataRequired(), AnyOf(ACTIONS)])
    # Rendered as a <select> by the template; validated here.
    reason = StringField("Reason to reject", validators=[Optional(), AnyOf(REJECT_REASONS)])
    note = TextAreaField("Note (optional)", validators=[Optional(), Length(max=MAX_NOTE_LENGTH)])


class LogoutForm(FlaskForm):
    pass
