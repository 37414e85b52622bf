-- :checkhealth weft
local M = {}

local health = vim.health or require('health')
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local err = health.error or health.report_error

function M.check()
  start('weft')
  local cmd = require('weft').config.cmd[1]
  if vim.fn.executable(cmd) == 1 then
    local out = vim.fn.system({ cmd, 'version' })
    ok('server found: ' .. cmd .. ' (' .. vim.trim(out) .. ')')
  else
    err('`' .. cmd .. '` not found on PATH', { 'Install it with `go install github.com/weft-lang/weft/cmd/weft@latest`' })
  end
  if vim.fn.has('nvim-0.7') == 1 then
    ok('Neovim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor))
  else
    warn('Neovim 0.7 or newer is required')
  end
end

return M
