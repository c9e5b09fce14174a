-- wrk script for the POST /api/v1/products scenario.
-- Every request carries the same valid JSON body. Each response's status is checked: wrk
-- itself only counts statuses >= 400, so this script counts every status outside 2xx
-- (a 3xx included) and prints one line run.sh looks for: "bench-non2xx: N of M".

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"Bench Product","price":19.99,'
  .. '"description":"Created by the benchmark.","categoryId":1,'
  .. '"images":["http://127.0.0.1/placeholder.svg"]}'

-- Each wrk thread runs its own Lua state; setup() keeps a handle on every thread so done()
-- can add their counters up.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  responses = 0
  first_bad = ""
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_bad == "" then
      first_bad = status .. " " .. string.sub(body or "", 1, 200)
    end
  end
end

function done(summary, latency, requests)
  local bad, total, sample = 0, 0, ""
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
    total = total + thread:get("responses")
    if sample == "" then sample = thread:get("first_bad") end
  end
  io.write(string.format("bench-non2xx: %d of %d\n", bad, total))
  if bad > 0 then
    io.write("bench-first-non2xx: " .. sample .. "\n")
  end
end
