-- Shared by the wrk scripts: the seeded documents (FC_DOCS names the Lua file seed.py wrote), split between wrk's
-- threads so that each document is used by one thread only.
local M = {}
local threads = {}
local counter = 0

function M.setup(thread)
  thread:set("thread_index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function M.mine(thread_index, thread_count)
  local all = dofile(os.getenv("FC_DOCS"))
  local mine = {}
  for i, doc in ipairs(all) do
    if (i - 1) % thread_count == thread_index then
      table.insert(mine, doc)
    end
  end
  return mine
end

function M.threads()
  return threads
end

return M
