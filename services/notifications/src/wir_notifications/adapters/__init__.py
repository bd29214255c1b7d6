"""The ways out of the service other than its database: e-mail over SMTP, SMS through a
provider's HTTP API, and the template renderer with its `templates/` folder."""
