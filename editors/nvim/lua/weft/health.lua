-- :checkhealth weft
local M = {}

local health = vim.health or require('health')
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local err = health.error or health.report_error

function M.check()
  start('weft')
  local cmd = require('weft').config.cmd
  local install = 'Install weft and its language server with `go install github.com/weft-lang/weft/cmd/...@latest`'
  if vim.fn.executable(cmd[1]) ~= 1 then
    err('`' .. cmd[1] .. '` not found on PATH', { install })
  else
    -- `weft lsp` hands over to weft-lsp: ask the whole command, so that a
    -- missing weft-lsp shows here rather than as a server that never starts.
    local check = vim.list_extend(vim.deepcopy(cmd), { '--version' })
    local out = vim.fn.system(check)
    if vim.v.shell_error == 0 then
      ok('server found: ' .. table.concat(cmd, ' ') .. ' (' .. vim.trim(out) .. ')')
    else
      err('`' .. table.concat(check, ' ') .. '` failed: ' .. vim.trim(out), { install })
    end
  end
  if vim.fn.has('nvim-0.7') == 1 then
    ok('Neovim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor))
  else
    warn('Neovim 0.7 or newer is required')
  end
end

return M
