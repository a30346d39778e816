"""Text providers: the template writer and the language-model APIs."""
