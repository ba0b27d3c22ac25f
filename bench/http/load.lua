-- wrk script of bench/http/run.sh: requests that vary their user and item like a shop's.
--
--   wrk ... -s load.lua URL -- track USERS ITEMS
--   wrk ... -s load.lua URL -- reco USERS ITEMS ITEMS_FILE
--   wrk ... -s load.lua URL -- health USERS ITEMS
--
-- track: click events GET /api/bench/click/{user}/{type}/{id}?categorypath=..., the item
--        drawn from Zipf(1.0) over ITEMS ranks (the generator's ids, types and categories),
--        the user from twice as many ids as the store has (half known, half new).
-- reco:  GET /api/v2/bench/{user}/also_clicked.json?contextitems={id}&numrecs=10 for a
--        known user, the context item drawn from Zipf(1.0) over ITEMS ranks among the items
--        listed in ITEMS_FILE ("rank id" lines: those with a full answer).
-- health: GET /healthz, the same request every time: the HTTP work alone, with no event, no
--        store and no model behind it (USERS and ITEMS are not used).
--
-- The requests are made once, in init(), and then sent round robin, so that the script
-- costs wrk as little per request against recod as against nginx. done() prints one
-- RESULT line that run.sh reads.

local requests = {}
local count = 0
local next_index = 0
local kRequests = 20000

local function zipf_sampler(n)
  local cdf = {}
  local sum = 0
  for r = 0, n - 1 do
    sum = sum + 1 / (r + 1)
    cdf[r] = sum
  end
  return function()
    local u = math.random() * sum
    local lo, hi = 0, n - 1
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if cdf[mid] < u then lo = mid + 1 else hi = mid end
    end
    return lo
  end
end

function init(args)
  local mode, users, items = args[1], tonumber(args[2]), tonumber(args[3])
  math.randomseed(42)
  local zipf = zipf_sampler(items)
  if mode == "track" then
    for k = 1, kRequests do
      local rank = zipf()
      local type = (rank % 10 == 9) and 2 or 1
      local path = string.format("/api/bench/click/user%d/%d/%d?categorypath=c%d%%2Fs%d",
                                 math.random(0, 2 * users - 1), type, rank + 1, rank % 20,
                                 rank % 400)
      requests[k] = wrk.format("GET", path)
    end
  elseif mode == "reco" then
    local full = {}
    for line in io.lines(args[4]) do
      local rank, id = line:match("^(%d+) (%S+)$")
      full[tonumber(rank)] = id
    end
    for k = 1, kRequests do
      local id
      repeat id = full[zipf()] until id
      local path = string.format("/api/v2/bench/user%d/also_clicked.json?contextitems=%s&numrecs=10",
                                 math.random(0, users - 1), id)
      requests[k] = wrk.format("GET", path)
    end
  elseif mode == "health" then
    for k = 1, kRequests do requests[k] = wrk.format("GET", "/healthz") end
  else
    error("mode must be track, reco or health, not " .. tostring(mode))
  end
  count = kRequests
end

function request()
  next_index = next_index % count + 1
  return requests[next_index]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d non2xx=%d " ..
    "connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(99), e.status, e.connect, e.read, e.write, e.timeout))
end
