-- wrk script: load.lua's requests, and the answers counted per 5 ms of the monotonic clock,
-- to see when a server slows down within a run (docs/performance.md, "Where the tracking
-- p99 comes from"). With one wrk thread (-t1):
--
--   TIMELINE=/tmp/timeline.txt wrk -t1 -c64 -d8s -s bench/http/timeline.lua URL -- track USERS ITEMS
--
-- Each line of TIMELINE: "seconds answers" for a 5 ms bucket with at least one answer (a
-- bucket without one has no line). Defining response() makes wrk hand every answer to Lua,
-- which costs wrk some CPU: compare servers with the same script, not with load.lua's
-- figures.

dofile(debug.getinfo(1, "S").source:sub(2):gsub("timeline%.lua$", "load.lua"))

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } recod_timespec;
int clock_gettime(int clock_id, recod_timespec *tp);
]]
local kMonotonic = 1
local now = ffi.new("recod_timespec")
local bucket, answers, out = nil, 0, nil

function response(_, _, _)
  ffi.C.clock_gettime(kMonotonic, now)
  local b = tonumber(now.tv_sec) * 200 + math.floor(tonumber(now.tv_nsec) / 5e6)
  if b ~= bucket then
    if bucket then
      out = out or assert(io.open(os.getenv("TIMELINE") or "timeline.txt", "w"))
      out:write(string.format("%.3f %d\n", bucket / 200, answers))
      out:flush()
    end
    bucket, answers = b, 0
  end
  answers = answers + 1
end
