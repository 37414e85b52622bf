-- User commands; the client itself starts from require('weft').setup().
if vim.g.loaded_weft then
  return
end
vim.g.loaded_weft = true

vim.api.nvim_create_user_command('WeftEval', function(opts)
  require('weft').evaluate({ line1 = opts.line1, line2 = opts.line2, range = opts.range })
end, { range = true, desc = 'Evaluate the selected lines (or the block at the cursor) with Weft' })

vim.api.nvim_create_user_command('WeftEvalFile', function()
  require('weft').evaluate({ file = true })
end, { desc = 'Evaluate the whole file with Weft' })
