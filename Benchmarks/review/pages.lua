-- wrk script: GET grading pages of random submissions as a signed-in reviewer.
-- Reads the pseudonyms from PSEUDONYMS (one per line) and the session from COOKIE.
local names = {}
for line in io.lines(os.getenv("PSEUDONYMS")) do names[#names + 1] = line end
local cookie = os.getenv("COOKIE")
math.randomseed(os.time())

request = function()
  local p = names[math.random(#names)]
  return wrk.format("GET", "/s/" .. p, { ["Cookie"] = cookie })
end

done = function(summary, latency, requests)
  io.write(string.format("pages: %d requests, %d errors (non-2xx/3xx %d), p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
