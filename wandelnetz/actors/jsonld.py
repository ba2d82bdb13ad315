"""schema.org Organization for an actor page."""

from django.http import HttpRequest

from wandelnetz.actors.models import Actor, Relation


def _ref(request: HttpRequest, actor: Actor) -> dict:
    return {"@type": "Organization", "name": actor.name, "url": request.build_absolute_uri(actor.get_absolute_url())}


def actor_json_ld(actor: Actor, outgoing: list[Relation], incoming: list[Relation], request: HttpRequest) -> dict:
    membership = {Relation.Kind.PART_OF, Relation.Kind.MEMBER_OF}
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": request.build_absolute_uri(actor.get_absolute_url()),
        "name": actor.name,
        "url": request.build_absolute_uri(actor.get_absolute_url()),
    }
    if actor.short_name:
        data["alternateName"] = actor.short_name
    if actor.summary:
        data["description"] = actor.summary
    if actor.website:
        data["sameAs"] = [actor.website]
    if actor.email:
        data["email"] = actor.email
    if actor.phone:
        data["telephone"] = actor.phone
    if actor.founded_year:
        data["foundingDate"] = str(actor.founded_year)
    regions = [{"@type": "AdministrativeArea", "name": r.name} for r in actor.regions.all()]
    if regions:
        data["areaServed"] = regions
    topics = [t.name for t in actor.topics.all()]
    if topics:
        data["knowsAbout"] = topics
    places = [{"@type": "Place", "name": p.name, "address": p.address} for p in actor.places.all()]
    if places:
        data["location"] = places
    # Former memberships (ended relations) stay on the page as such, but are no memberships now.
    member_of = [_ref(request, r.target) for r in outgoing if r.kind in membership and not r.has_ended]
    if member_of:
        data["memberOf"] = member_of
    members = [_ref(request, r.source) for r in incoming if r.kind in membership and not r.has_ended]
    if members:
        data["member"] = members
    return data
