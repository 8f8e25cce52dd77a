-- wrk script of `npm run bench` (bench/lib/wrk.ts runs it): replays requests read from a file, one
-- per line: a form body POSTed to the URL's path, or, with method GET, a request target (path and
-- query; headers come from wrk's -H flags).
--
--   wrk … -s replay.lua URL <file> <cycle|once> <threads> <method>
--
-- Thread i of n takes lines i, i+n, i+2n, … (its own slice). `cycle` repeats the slice for as long
-- as wrk runs. `once` sends each line once, for single-use inputs (authorization codes, device
-- codes): a connection whose thread has handed out every line waits (delay()) instead of sending
-- more, and the thread stops when the answer to its last line has arrived.
--
-- done() prints one line, `BENCH_JSON {…}`: answers, non-2xx answers by status with the first
-- such body, socket errors, latency p50/p99 (µs, wrk's histogram), wrk's duration and the span from
-- the thread's first request to its last answer (µs). wrk always reports its full -d as the
-- duration, also when every thread stopped early, so the rate of a `once` run that ran out of
-- lines is taken over that span instead (LuaJIT's ffi gives the monotonic clock for it).

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000000 + math.floor(tonumber(clock.tv_nsec) / 1000)
end

-- Main state: the threads, to read their counters in done() (after they have all ended).
local threads = {}

function setup(thread)
  thread:set("slice", #threads)
  table.insert(threads, thread)
end

-- Thread state: globals, so that thread:get() can read them.
lines = {}
line_count = 0
once = false
handed = 0
sent = 0
received = 0
non2xx = 0
statuses = {}
first_error = ""
first_us = 0
last_us = 0

local function hold_when_spent()
  if handed < #lines then
    handed = handed + 1
    return 0
  end
  -- An hour: longer than any run; the thread stops, or wrk ends, first.
  return 3600000
end

function init(args)
  local file, mode, count, method = args[1], args[2], tonumber(args[3]), args[4]
  wrk.method = method
  local index = 0
  for line in io.lines(file) do
    if line ~= "" then
      if index % count == slice then
        if method == "GET" then
          lines[#lines + 1] = wrk.format(nil, line)
        else
          lines[#lines + 1] = wrk.format(nil, nil, nil, line)
        end
      end
      index = index + 1
    end
  end
  line_count = #lines
  if line_count == 0 then
    error("replay.lua: no lines for thread " .. slice .. " in " .. file)
  end
  once = mode == "once"
  if once then
    delay = hold_when_spent
  end
end

function request()
  sent = sent + 1
  if first_us == 0 then
    first_us = now_us()
  end
  return lines[((sent - 1) % #lines) + 1]
end

function response(status, headers, body)
  received = received + 1
  last_us = now_us()
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    statuses[status] = (statuses[status] or 0) + 1
    if first_error == "" then
      first_error = string.sub(body, 1, 400)
    end
  end
  if once and received >= #lines then
    wrk.thread:stop()
  end
end

local function json_string(s)
  s = string.gsub(s, '[%c"\\]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end)
  return '"' .. s .. '"'
end

function done(summary, latency, _)
  local answers, bad, spent_threads, span, total_lines = 0, 0, 0, 0, 0
  local by_status, first = {}, ""
  for _, t in ipairs(threads) do
    answers = answers + t:get("received")
    bad = bad + t:get("non2xx")
    total_lines = total_lines + t:get("line_count")
    local from, to = t:get("first_us"), t:get("last_us")
    if to > from and to - from > span then
      span = to - from
    end
    if t:get("once") and t:get("handed") >= t:get("line_count") then
      spent_threads = spent_threads + 1
    end
    for status, n in pairs(t:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + n
    end
    if first == "" then
      first = t:get("first_error")
    end
  end
  local parts = {}
  for status, n in pairs(by_status) do
    parts[#parts + 1] = string.format('"%d":%d', status, n)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"answers":%d,"non2xx":%d,"statuses":{%s},"firstError":%s,"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
      '"durationUs":%d,"spanUs":%d,"threads":%d,"spentThreads":%d,"lines":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d}\n',
    answers, bad, table.concat(parts, ","), json_string(first), e.connect, e.read, e.write, e.timeout,
    summary.duration, span, #threads, spent_threads, total_lines,
    latency:percentile(50), latency:percentile(99), latency.max))
end
