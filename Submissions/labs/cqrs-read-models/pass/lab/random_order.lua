-- wrk script: each request asks for the summary of a random order among the 2,000 seeded.
math.randomseed(7)
request = function()
  return wrk.format("GET", "/v1/orders/" .. math.random(1, 2000) .. "/summary")
end
