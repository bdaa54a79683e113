# The machine-specific part of default.vcl: copy to site.vcl and edit.

import directors;

# The gunicorn app servers; a probe takes a failing one out of the rotation.
probe healthz {
    .url = "/healthz";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = healthz;
}

backend app2 {
    .host = "127.0.0.1";
    .port = "8002";
    .probe = healthz;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}

sub newsroom_backend {
    set req.backend_hint = app.backend();
}

# Who may send PURGE: the app servers (their VARNISH_PURGE_URLS point here).
acl purgers {
    "127.0.0.1";
    "::1";
}

# The TLS terminator (load balancer, hitch) whose X-Forwarded-Proto is believed.
acl tls_terminators {
    "127.0.0.1";
    "::1";
}
