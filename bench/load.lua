-- wrk script: rotate over the read-only paths with the session cookie; print p95 and errors.
-- Paths and cookie come from the environment (bench/load.sh sets them).
local paths = {}
for p in string.gmatch(os.getenv("LOAD_PATHS") or "/", "[^,]+") do paths[#paths + 1] = p end
local cookie = "sessionid=" .. (os.getenv("LOAD_SESSION") or "")
local i = 0
local errors = 0

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Cookie"] = cookie, ["Host"] = "127.0.0.1" })
end

response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("requests=%d seconds=%.1f rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f non200_or_socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
