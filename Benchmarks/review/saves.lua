-- wrk script: POST level saves as a signed-in reviewer. Each wrk thread owns every other
-- submission and walks them in turn, sending the version its previous save made, so a save
-- conflicts only if the server lost one (a 409 shows up as a non-2xx/3xx response).
local cookie = os.getenv("COOKIE")
local csrf = os.getenv("CSRF")
local levels = { "excellent", "good", "weak", "missing" }
local counter = 0
local threads = {}

setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

init = function(args)
  names, versions, at = {}, {}, 0
  local i = 0
  for line in io.lines(os.getenv("PSEUDONYMS")) do
    if i % 2 == id then names[#names + 1] = line; versions[line] = 0 end
    i = i + 1
  end
end

request = function()
  at = at % #names + 1
  local p = names[at]
  local v = versions[p]
  versions[p] = v + 1
  local body = "criterion=boundaries-judgement&version=" .. v .. "&level=" .. levels[(v % 4) + 1] .. "&csrf=" .. csrf
  return wrk.format("POST", "/s/" .. p .. "/score",
    { ["Cookie"] = cookie, ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

done = function(summary, latency, requests)
  io.write(string.format("saves: %d requests, %d errors (non-2xx/3xx %d), p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
