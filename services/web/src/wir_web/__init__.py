"""The WIR web app: server-rendered pages for every role, calling the services' HTTP APIs with
the signed-in user's token (a backend for frontend). It keeps no personal data beyond the
session cookie, which holds the token and nothing read from a service."""
