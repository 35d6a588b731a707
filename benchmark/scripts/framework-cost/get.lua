-- Authenticated GET /api/documents/{id} over the seeded documents, round robin, each as its owner.
-- With FC_IF_NONE_MATCH=1 each GET carries If-None-Match with the document's version (1), so it is a 304.
package.path = os.getenv("FC_SCRIPTS") .. "/?.lua;" .. package.path
local common = require("common")
local docs, next_doc, conditional

setup = common.setup

function init(args)
  docs = common.mine(thread_index, tonumber(os.getenv("FC_THREADS")))
  next_doc = 0
  conditional = os.getenv("FC_IF_NONE_MATCH") == "1"
end

function request()
  next_doc = next_doc % #docs + 1
  local doc = docs[next_doc]
  local headers = {Authorization = "Bearer " .. doc.token}
  if conditional then
    headers["If-None-Match"] = '"1"'
  end
  return wrk.format("GET", "/api/documents/" .. doc.id, headers)
end
