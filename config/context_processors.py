from django.urls import NoReverseMatch, reverse

# The portal's main navigation: (url name, label). Entries whose app is not
# installed yet are skipped, so the layout never breaks on a missing route.
PORTAL_NAV = [
    ("jobs:list", "Jobs"),
    ("resumes:list", "Talent pool"),
    ("interviews:list", "Interviews"),
    ("accounts:team", "Team"),
]


def portal_nav(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    for name, label in PORTAL_NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {"portal_nav": items}
