"""schema.org data for a body page: a GovernmentOrganization for councils and committees of the
authorities, an Organization for the rest."""

from django.http import HttpRequest

from wandelnetz.bodies.models import Body

GOVERNMENTAL = {
    Body.Kind.COMMITTEE,
    Body.Kind.MONITORING_COMMITTEE,
    Body.Kind.MUNICIPAL_COUNCIL,
    Body.Kind.DISTRICT_COUNCIL,
    Body.Kind.STATE_PARLIAMENT,
}


def body_json_ld(body: Body, request: HttpRequest) -> dict:
    url = request.build_absolute_uri(body.get_absolute_url())
    data: dict = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization" if body.kind in GOVERNMENTAL else "Organization",
        "@id": url,
        "name": body.name,
        "url": url,
    }
    if body.short_name:
        data["alternateName"] = body.short_name
    if body.summary:
        data["description"] = body.summary
    if body.website:
        data["sameAs"] = [body.website]
    regions = [{"@type": "AdministrativeArea", "name": r.name} for r in body.regions.all()]
    if regions:
        data["areaServed"] = regions
    topics = [t.name for t in body.topics.all()]
    if topics:
        data["knowsAbout"] = topics
    if body.convened_by is not None:
        data["parentOrganization"] = {
            "@type": "Organization",
            "name": body.convened_by.name,
            "url": request.build_absolute_uri(body.convened_by.get_absolute_url()),
        }
    return data
