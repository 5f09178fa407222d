-- wrk script: cycles through a query mix file (`CLASS<TAB>PATH` per line, paths URL-encoded),
-- each wrk thread starting at a different line so threads do not run in lock-step.
--   wrk -t2 -c32 -d20s -s bench/wrk_queries.lua http://127.0.0.1:18080 -- queries.tsv
local paths = {}
local index = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("offset", threads)  -- becomes a global of that thread's Lua state
end

function init(args)
  local file = args[1] or os.getenv("KR_QUERIES")
  for line in io.lines(file) do
    local path = line:match("\t(.+)$") or line
    paths[#paths + 1] = path
  end
  if #paths == 0 then
    error("no queries in " .. tostring(file))
  end
  index = ((offset or 0) * 997) % #paths
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
