-- wrk: POST a server function. BODY is the urlencoded form; "{n}" in it becomes a number unique
-- to each request (the invitation path needs a new SSN each time).
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
end

request = function()
  counter = counter + 1
  local n = string.format("%d%09d", thread_id + 1, counter)
  local body = string.gsub(os.getenv("BODY"), "{n}", n)
  return wrk.format("POST", os.getenv("TARGET"), nil, body)
end
