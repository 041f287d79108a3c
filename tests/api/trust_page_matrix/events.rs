//! The page rows of 乡情活动.

use super::{PageRow, get, post, signed_in};

/// 乡情活动 of village X (the world's event): its organizer, staff of the county and
/// administrators run it; for everyone else it does not exist. `{inv}` is an invitation
/// that does not exist, `{token}` a link that does not exist.
pub(super) fn rows() -> Vec<PageRow> {
    //                                           anon  A    B    orgX orgY stafO op   opO  admin
    vec![
        get("/events", [303, 403, 403, 200, 200, 200, 403, 403, 200]),
        post("/events", signed_in(400)),
        get("/events/new", [303, 403, 403, 200, 200, 200, 403, 403, 200]),
        get(
            "/events/{id}",
            [303, 404, 404, 200, 404, 404, 404, 404, 200],
        )
        .on("event"),
        get(
            "/events/{id}/edit",
            [303, 404, 404, 200, 404, 404, 404, 404, 200],
        )
        .on("event"),
        post(
            "/events/{id}/edit",
            [303, 404, 404, 400, 404, 404, 404, 404, 400],
        )
        .on("event"),
        get(
            "/events/{id}/invite",
            [303, 404, 404, 200, 404, 404, 404, 404, 200],
        )
        .on("event"),
        post(
            "/events/{id}/invite",
            [303, 404, 404, 303, 404, 404, 404, 404, 303],
        )
        .on("fresh_event"),
        post(
            "/events/{id}/checkin-by-list",
            [303, 404, 404, 400, 404, 404, 404, 404, 400],
        )
        .on("event"),
        post(
            "/events/{id}/invitations/{inv}/answer",
            [303, 404, 404, 400, 404, 404, 404, 404, 400],
        )
        .on("event"),
        post(
            "/events/{id}/invitations/{inv}/pipeline",
            [303, 404, 404, 400, 404, 404, 404, 404, 400],
        )
        .on("event"),
        get(
            "/events/{id}/invitations/{inv}/card",
            [303, 404, 404, 404, 404, 404, 404, 404, 404],
        )
        .on("event"),
        get(
            "/events/{id}/invitations/{inv}/qr.png",
            [303, 404, 404, 404, 404, 404, 404, 404, 404],
        )
        .on("event"),
        get(
            "/events/{id}/export/invitations",
            [303, 404, 404, 200, 404, 404, 404, 404, 200],
        )
        .on("event"),
        get(
            "/events/{id}/export/roster",
            [303, 404, 404, 400, 404, 404, 404, 404, 400],
        )
        .on("event"),
        post(
            "/events/{id}/export/calls",
            [303, 404, 404, 200, 404, 404, 404, 404, 200],
        )
        .on("event"),
        get(
            "/events/{id}/checkin",
            [303, 404, 404, 200, 404, 404, 404, 404, 200],
        )
        .on("event"),
        get("/rsvp/{token}", [404; 9]),
        post("/rsvp/{token}", [404; 9]),
        post(
            "/rsvp/{token}/checkin",
            [303, 404, 404, 404, 404, 404, 404, 404, 404],
        ),
        get("/me/events", signed_in(200)),
        post("/me/events/{inv}/answer", signed_in(400)),
    ]
}
