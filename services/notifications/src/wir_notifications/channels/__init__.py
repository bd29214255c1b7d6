"""The channels a message leaves the service through: SMTP and an SMS provider over HTTP."""
