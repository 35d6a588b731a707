-- PUT /api/documents/{id}/content with If-Match, round robin over this thread's documents, each as its owner. Each
-- 200 carries {"id","version"}, each 412 the document's current version (ETag) and its path ("instance"), so the
-- script always knows every document's latest version; edits change the last characters of the 2 KB content.
package.path = os.getenv("FC_SCRIPTS") .. "/?.lua;" .. package.path
local common = require("common")
local docs, next_doc, base, edits
stale = 0 -- globals: done() reads them per thread
version = {}

setup = common.setup

function init(args)
  docs = common.mine(thread_index, tonumber(os.getenv("FC_THREADS")))
  next_doc, edits = 0, 0
  -- The versions the previous run (the warm-up) left, if it wrote them.
  local known = {}
  local previous = loadfile(os.getenv("FC_VERSIONS") or "")
  if previous then
    known = previous()
  end
  for _, doc in ipairs(docs) do
    version[doc.id] = known[doc.id] or 1
  end
  base = string.rep("an editor types a line ", 100):sub(1, 1988)
end

function request()
  next_doc = next_doc % #docs + 1
  local doc = docs[next_doc]
  edits = edits + 1
  local body = '{"content":"' .. base .. string.format("%012d", edits * 8 + thread_index) .. '"}'
  return wrk.format("PUT", "/api/documents/" .. doc.id .. "/content", {
    Authorization = "Bearer " .. doc.token,
    ["If-Match"] = '"' .. version[doc.id] .. '"',
    ["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status == 200 then
    local id, v = body:match('"id":"([^"]+)","version":(%d+)')
    if id and tonumber(v) > version[id] then
      version[id] = tonumber(v)
    end
  elseif status == 412 then
    stale = stale + 1
    local id = body:match('"instance":"/api/documents/([^/"]+)/content"')
    local v = body:match('"currentVersion":(%d+)')
    if id and v and tonumber(v) > version[id] then
      version[id] = tonumber(v)
    end
  end
end

function done(summary, latency, requests)
  local total = 0
  local out = os.getenv("FC_VERSIONS") and io.open(os.getenv("FC_VERSIONS"), "w")
  if out then
    out:write("return {\n")
  end
  for _, thread in ipairs(common.threads()) do
    total = total + thread:get("stale")
    if out then
      for id, v in pairs(thread:get("version")) do
        out:write(string.format('  ["%s"] = %d,\n', id, v))
      end
    end
  end
  if out then
    out:write("}\n")
    out:close()
  end
  io.write(string.format("stale (412) edits: %d\n", total))
end
