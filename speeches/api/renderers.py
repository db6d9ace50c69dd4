from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's HTML pages of the API, without the inline <style> of Pygments' colours for code in
    descriptions, which the Content Security Policy refuses (the API's descriptions hold no code)."""

    def get_context(self, *args, **kwargs):
        context = super().get_context(*args, **kwargs)
        context["code_style"] = None
        return context
