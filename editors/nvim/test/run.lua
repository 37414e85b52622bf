-- Headless end-to-end test driven by nvim_test.go. Environment:
-- WEFT_BIN (server binary), WEFT_FILE (file to open), WEFT_OUT (JSON
-- results written here).
local out = {}
local function finish()
  local f = io.open(os.getenv('WEFT_OUT'), 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  require('weft').setup({ cmd = { os.getenv('WEFT_BIN'), 'lsp' } })
  vim.cmd('edit ' .. os.getenv('WEFT_FILE'))
  local bufnr = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo.filetype

  -- 1. A diagnostic for the syntax error arrives.
  vim.wait(10000, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 50)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out.diagnostics, { line = d.lnum, message = d.message })
  end

  -- 2. Hover over the function name reports its stack size.
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = 0, character = 5 },
  }, 10000)
  out.hover = ''
  for _, r in pairs(hover or {}) do
    if r.result and r.result.contents then
      out.hover = r.result.contents.value
    end
  end

  -- 3. :WeftEval on the snippet line shows its value as virtual text.
  vim.cmd('4WeftEval')
  local ns = vim.api.nvim_create_namespace('weft-eval')
  vim.wait(10000, function()
    return #vim.api.nvim_buf_get_extmarks(bufnr, ns, 0, -1, {}) > 0
  end, 50)
  out.virt = {}
  for _, m in ipairs(vim.api.nvim_buf_get_extmarks(bufnr, ns, 0, -1, { details = true })) do
    local chunks = m[4].virt_text or {}
    local text = ''
    for _, c in ipairs(chunks) do
      text = text .. c[1]
    end
    table.insert(out.virt, { line = m[2], text = text })
  end
end)
if not ok then
  out.error = tostring(err)
end
finish()
