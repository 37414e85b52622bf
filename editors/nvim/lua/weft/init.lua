-- Weft for Neovim: starts (or reuses) one `weft lsp` per project root and
-- adds in-editor evaluation. All intelligence stays in the server.
local M = {}

local defaults = {
  cmd = { 'weft', 'lsp' },
  root_markers = { 'weft.toml', '.git' },
  settings = {},
  on_attach = nil,
}

M.config = vim.deepcopy(defaults)
local clients = {} -- root dir -> client id (Neovim 0.7 path)
local ns = vim.api.nvim_create_namespace('weft-eval')

local function find_root(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(name, ':p:h')
  while dir and dir ~= '' do
    for _, marker in ipairs(M.config.root_markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      break
    end
    dir = parent
  end
  return vim.fn.fnamemodify(name, ':p:h')
end

local function client_config(root)
  return {
    name = 'weft',
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = M.config.settings,
    settings = { weft = M.config.settings },
    on_attach = M.config.on_attach,
    handlers = {
      ['weft/evaluationResult'] = function(_, result, ctx)
        M.show_result(result)
      end,
    },
  }
end

--- Start or reuse the server for a buffer.
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local root = find_root(bufnr)
  if vim.lsp.start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients[root]
  if not id or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(client_config(root))
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if vim.filetype and vim.filetype.add then
    vim.filetype.add({ extension = { weft = 'weft' } })
  end
  local group = vim.api.nvim_create_augroup('weft', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'weft',
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers already open.
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.bo[b].filetype == 'weft' then
      M.attach(b)
    end
  end
end

local function weft_client(bufnr)
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == 'weft' then
      return c
    end
  end
  return nil
end

--- Show an evaluation result: `= value` (or the error) as virtual text at
--- the end of the evaluated lines; printed output goes to :messages.
function M.show_result(result)
  if not result or not result.uri then
    return
  end
  local bufnr = vim.uri_to_bufnr(result.uri)
  vim.api.nvim_buf_clear_namespace(bufnr, ns, 0, -1)
  local last = M._last_line or 0
  local text
  local hl = 'Comment'
  if result.error ~= vim.NIL and result.error then
    text = '✗ ' .. result.error.type .. ': ' .. result.error.message
    hl = 'ErrorMsg'
  elseif result.value ~= vim.NIL and result.value then
    text = '= ' .. result.value
  else
    text = '✓'
  end
  pcall(vim.api.nvim_buf_set_extmark, bufnr, ns, last, 0, { virt_text = { { text, hl } }, virt_text_pos = 'eol' })
  for _, t in ipairs(result.tasklets or {}) do
    if t.range and t.range ~= vim.NIL then
      pcall(vim.api.nvim_buf_set_extmark, bufnr, ns, t.range.start.line, 0,
        { virt_text = { { 'tasklet ' .. t.name .. ' ' .. t.state, 'WarningMsg' } }, virt_text_pos = 'eol' })
    end
  end
  if result.stdout and result.stdout ~= '' then
    vim.api.nvim_echo({ { result.stdout, 'Normal' } }, true, {})
  end
  M.last_result = result
end

--- Evaluate lines [line1, line2] (1-based), the block at the cursor, or
--- the whole file.
function M.evaluate(opts)
  opts = opts or {}
  local bufnr = vim.api.nvim_get_current_buf()
  local client = weft_client(bufnr)
  if not client then
    vim.notify('weft: no language server attached to this buffer', vim.log.levels.ERROR)
    return
  end
  local args = { uri = vim.uri_from_bufnr(bufnr) }
  local version = vim.lsp.util.buf_versions and vim.lsp.util.buf_versions[bufnr]
  if version then
    args.version = version
  end
  if opts.file then
    M._last_line = vim.api.nvim_buf_line_count(bufnr) - 1
  elseif opts.range and opts.range > 0 then
    local last = vim.api.nvim_buf_get_lines(bufnr, opts.line2 - 1, opts.line2, false)[1] or ''
    args.range = {
      start = { line = opts.line1 - 1, character = 0 },
      ['end'] = { line = opts.line2 - 1, character = #last },
    }
    M._last_line = opts.line2 - 1
  else
    local cur = vim.api.nvim_win_get_cursor(0)[1] - 1
    args.range = { start = { line = cur, character = 0 }, ['end'] = { line = cur, character = 0 } }
    M._last_line = cur
  end
  client.request('workspace/executeCommand', { command = 'weft.evaluate', arguments = { args } }, function(err, result)
    if err then
      vim.notify('weft: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    M.show_result(result)
  end, bufnr)
end

return M
