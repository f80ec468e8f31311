-- wrk script: replace a draft session note's content (a real write: one store transaction plus an
-- audit event) with the session cookie and CSRF token from the environment.
wrk.method = "PUT"
wrk.body = '{"soap":{"subjective":"bench","plan":"continue"},"nprs_before":6,"nprs_after":4,' ..
           '"techniques":{"trigger_points":[{"muscle":"quadratus_lumborum","side":"left",' ..
           '"hold_seconds":75}]}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("BENCH_CSRF")
