vcl 4.1;

# Newsroom behind Varnish 7 with varnish-modules (Debian: varnish, varnish-modules).
#
# What is cached is what Django says may be shared (Cache-Control public with
# max-age/s-maxage); every public response names what it shows in its `xkey`
# header, and the app purges those keys when content changes (PURGE with an
# `xkey-softpurge` header, from the `purgers` ACL only). A purged or expired
# object is served stale ("grace") while one background request fetches the
# new one, and concurrent misses for one URL wait for a single fetch.
#
# The machine-specific part (app servers, who may purge, which proxy's
# X-Forwarded-Proto to trust) is in site.vcl, found on vcl_path: copy
# site.example.vcl next to this file, or start varnishd with
# `-p vcl_path=<dir with site.vcl>:<this dir>`.

import std;
import xkey;

include "site.vcl";

sub vcl_recv {
    call newsroom_backend;

    # X-Forwarded-Proto for Django's SECURE_PROXY_SSL_HEADER: only the TLS
    # terminator in front may say "https"; anyone else is told "http".
    if (!(client.ip ~ tls_terminators) || !req.http.X-Forwarded-Proto) {
        set req.http.X-Forwarded-Proto = "http";
    }
    # X-Forwarded-For gets the client's address appended by Varnish itself.

    if (req.method == "PURGE") {
        if (!(client.ip ~ purgers)) {
            return (synth(403, "Purging is not allowed from this address"));
        }
        if (req.http.xkey-softpurge) {
            set req.http.n-gone = xkey.softpurge(req.http.xkey-softpurge);
        } elsif (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        } else {
            return (synth(400, "Send the keys in an xkey-softpurge or xkey-purge header"));
        }
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        # Writes (the admin, logins) go straight to Django, cookies and all.
        return (pass);
    }
    if (req.url ~ "^/healthz") {
        return (pass);
    }
    # A session cookie: a logged-in editor (or one logging in); or the
    # read-your-writes cookie Django sets after a POST. Their pages may show
    # drafts or their own fresh writes, so they never touch the cache.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|newsroom_primary)=") {
        return (pass);
    }
    # Anonymous readers: nothing in a cookie changes a public page.
    unset req.http.Cookie;

    call newsroom_normalise_query;
    return (hash);
}

# One cache entry per meaningful URL: marketing and share-tracking
# parameters dropped everywhere, parameters the reader site does not read
# dropped there (the API validates its own), the rest sorted.
sub newsroom_normalise_query {
    if (req.url !~ "\?") {
        return;
    }
    set req.url = regsuball(req.url, "([?&])(utm_[A-Za-z0-9_]*|from|isappinstalled|fbclid|gclid|msclkid|spm|scene|clicktime|enterid|nsukey|share_[A-Za-z0-9_]*|_ga)(=[^&]*)?(?=&|$)", "\1");
    if (req.url !~ "^/api/") {
        set req.url = regsuball(req.url, "([?&])(?!(page|q|date_from|date_to|section|person|next)(=|&|$))[^&]*", "\1");
    }
    set req.url = regsuball(req.url, "&{2,}", "&");
    set req.url = regsub(req.url, "\?&+", "?");
    set req.url = regsub(req.url, "[?&]+$", "");
    set req.url = std.querysort(req.url);
}

sub vcl_hash {
    # http and https pages differ (absolute canonical and og: URLs).
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # Without any caching instruction a response is not shared: Django marks
    # what may be (pages, feeds, the API, static files).
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    # Stale content is served while one fetch refreshes it, and for a while
    # if Django is down; `keep` lets a refresh be a conditional request.
    set beresp.grace = 6h;
    set beresp.keep = 1h;
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The xkey index is Varnish's own business; Surrogate-Key stays for a CDN in front.
    unset resp.http.xkey;
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.body = resp.reason + {"
"};
    return (deliver);
}
