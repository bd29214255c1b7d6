"""WIR notifications: messages in the recipient's language over the channels they agreed to."""
