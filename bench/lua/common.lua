-- Shared by every benchmark: per-thread state, request lists read from a file, and a JSON summary
-- line (throughput, p50/p95/p99 latency, errors) printed by done() for bench/run.py to parse.
--
-- Environment (set by bench/run.py):
--   BENCH_METHOD   GET or POST
--   BENCH_LIST     optional file: one request per line, "path<TAB>cookie<TAB>body"; threads take
--                  lines round-robin (thread k takes k, k+n, k+2n, …) and wrap around at the end
--   BENCH_COOKIE   Cookie header when BENCH_LIST is not used
--   BENCH_HEADERS  extra headers "Name: value|Name: value"
--   BENCH_BODY     request body when BENCH_LIST is not used ("{key}" is replaced by a unique key)

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  thread:set("nthreads", 0)
  table.insert(threads, thread)
  counter = counter + 1
end

local lines = nil
local idx = 0
local step = 1
local method = os.getenv("BENCH_METHOD") or "GET"
local cookie = os.getenv("BENCH_COOKIE") or ""
local body = os.getenv("BENCH_BODY")
local extra = {}
local seq = 0
local run_tag = (os.getenv("BENCH_RUN_TAG") or "") .. tostring(os.time())

function init(args)
  local list = os.getenv("BENCH_LIST")
  if list and list ~= "" then
    lines = {}
    for line in io.lines(list) do table.insert(lines, line) end
  end
  step = tonumber(os.getenv("BENCH_THREADS") or "1")
  idx = id - 1
  local h = os.getenv("BENCH_HEADERS") or ""
  for name, value in string.gmatch(h, "([^:|]+):%s*([^|]+)") do extra[name] = value end
end

local function split(s)
  local out = {}
  for part in string.gmatch(s .. "\t", "([^\t]*)\t") do table.insert(out, part) end
  return out
end

function request()
  local headers = {}
  for k, v in pairs(extra) do headers[k] = v end
  seq = seq + 1
  if lines then
    local parts = split(lines[(idx % #lines) + 1])
    idx = idx + step
    headers["Cookie"] = parts[2]
    local b = parts[3]
    if b and b ~= "" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      return wrk.format(method, parts[1], headers, b)
    end
    return wrk.format(method, parts[1], headers)
  end
  if cookie ~= "" then headers["Cookie"] = cookie end
  if body then
    -- Unique across threads, runs and benchmarks (wrk seeds every thread's RNG alike, so a key
    -- made only of id/seq/random would repeat in the next run with another body → 422).
    local key = string.format("bench-%s-%d-%d-%d", run_tag, id, seq, math.random(1, 1000000000))
    headers["Idempotency-Key"] = key
    return wrk.format(method, nil, headers, body)
  end
  return wrk.format(method, nil, headers)
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "non_2xx_3xx": %d, "socket_errors": %d, "timeouts": %d}\n',
    summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout))
end
