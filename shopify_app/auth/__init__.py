"""Who is calling: session tokens, offline tokens, OAuth install, roles, dev login."""
