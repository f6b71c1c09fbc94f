-- wrk script for bench/submit_applications.py: one wrk thread sends exactly
-- `total` multipart applications, each with its own Idempotency-Key and e-mail,
-- counts the statuses, then stops and touches `done_file`.
--
-- wrk -t 1 -c C -d LIMIT --timeout T -s submit_applications.lua URL -- \
--     RESUME_PDF TOTAL DONE_FILE RUN_ID [answers]
--
-- With "answers", each application also answers the three questions that
-- submit_applications.py --answers puts on the posting.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local NEVER_MS = 24 * 3600 * 1000 -- what delay() answers once every request is sent

local function now_us()
   local ts = ffi.new("bench_timespec")
   ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
   return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local boundary = "careers-bench-7f3a9c1e5b"
local total, done_file, run_id, body_tail
local answers = ""
local reserved, sent, received = 0, 0, 0
statuses = {}
started_us, finished_us = nil, nil

local function field(name, value)
   return "--" .. boundary .. "\r\n"
      .. 'Content-Disposition: form-data; name="' .. name .. '"\r\n\r\n'
      .. value .. "\r\n"
end

function init(args)
   local file = assert(io.open(args[1], "rb"))
   local pdf = file:read("*a")
   file:close()
   total = tonumber(args[2])
   done_file = args[3]
   run_id = args[4]
   if args[5] == "answers" then
      answers = field("notice", "1 month") .. field("relocate", "yes")
         .. field("why_us", "Because the engines need an engineer.")
   end
   body_tail = "--" .. boundary .. "\r\n"
      .. 'Content-Disposition: form-data; name="resume"; filename="resume.pdf"\r\n'
      .. "Content-Type: application/pdf\r\n\r\n"
      .. pdf .. "\r\n--" .. boundary .. "--\r\n"
end

-- wrk asks delay() before each request on a connection: it is where a request
-- is reserved, so no connection sends one more than `total`.
function delay()
   if reserved >= total then
      return NEVER_MS
   end
   reserved = reserved + 1
   if started_us == nil then
      started_us = now_us()
   end
   return 0
end

function request()
   sent = sent + 1
   local body = field("name", "Bench Applicant " .. sent)
      .. field("email", "bench-" .. run_id .. "-" .. sent .. "@example.com")
      .. field("message", "Load test application number " .. sent .. ".")
      -- Where the applicant came from, as the reference frontend sends it.
      .. field("source", "bench")
      .. field("utm_source", "newsletter")
      .. field("utm_medium", "email")
      .. field("utm_campaign", "load-test-" .. run_id)
      .. answers
      .. body_tail
   return wrk.format("POST", nil, {
      ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
      ["Idempotency-Key"] = "bench-" .. run_id .. "-" .. sent,
      ["Referer"] = "https://careers.example.com/company/careers/back-end-engineer?utm_source=newsletter",
   }, body)
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   received = received + 1
   if received >= total then
      finished_us = now_us()
      local marker = assert(io.open(done_file, "w"))
      marker:close()
      wrk.thread:stop()
   end
end

local the_thread

function setup(thread)
   the_thread = thread
end

-- One line for the Python side: BENCH key=value …
function done(summary, latency, requests)
   local parts = {}
   for status, count in pairs(the_thread:get("statuses")) do
      parts[#parts + 1] = status .. ":" .. count
   end
   local started = the_thread:get("started_us") or 0
   local finished = the_thread:get("finished_us") or 0
   local errors = summary.errors
   io.write(string.format(
      "BENCH statuses=%s elapsed_us=%d p50_us=%d p99_us=%d max_us=%d "
         .. "socket_errors=%d timeouts=%d\n",
      table.concat(parts, ","),
      finished - started,
      latency:percentile(50),
      latency:percentile(99),
      latency.max,
      errors.connect + errors.read + errors.write,
      errors.timeout
   ))
end
