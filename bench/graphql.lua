-- wrk script for bench/graphql.sh, used for every run (REST GETs, GraphQL POSTs, nginx), so each
-- pays the same per-response Lua cost and the ratios compare servers, not scripts.
-- From the environment: BENCH_METHOD (GET), BENCH_BODY (a JSON body, sent as application/json)
-- and BENCH_SCENARIO (sent as X-Bench-Scenario: nginx picks the bytes it serves by it, mercado
-- ignores it). A response is bad unless it is a 200 whose body holds no GraphQL "errors"; wrk
-- only counts statuses >= 400, so done() prints the line graphql.sh looks for:
-- "bench-bad: N of M".

wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY") or ""
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
wrk.headers["X-Bench-Scenario"] = os.getenv("BENCH_SCENARIO") or "none"

-- Each wrk thread runs its own Lua state; setup() keeps a handle on every thread so done() can
-- add their counters up.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  responses = 0
  first_bad = ""
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 or string.find(body or "", '"errors"', 1, true) then
    bad = bad + 1
    if first_bad == "" then
      first_bad = status .. " " .. string.sub(body or "", 1, 200)
    end
  end
end

function done(summary, latency, requests)
  local total_bad, total, sample = 0, 0, ""
  for _, thread in ipairs(threads) do
    total_bad = total_bad + thread:get("bad")
    total = total + thread:get("responses")
    if sample == "" then sample = thread:get("first_bad") end
  end
  io.write(string.format("bench-bad: %d of %d\n", total_bad, total))
  if total_bad > 0 then
    io.write("bench-first-bad: " .. sample .. "\n")
  end
end
