vim.opt.rtp:prepend('EDITORS_NVIM')
vim.cmd('filetype plugin on')
vim.cmd('syntax on')
vim.cmd('runtime! plugin/weft.lua')
vim.cmd('runtime! ftdetect/weft.vim')
vim.opt.termguicolors = false
vim.opt.number = true
vim.opt.signcolumn = 'yes'
vim.diagnostic.config({ virtual_text = true })
require('weft').setup({ cmd = { 'WEFT_BIN', 'lsp' } })
vim.opt.background = 'dark'
vim.cmd('highlight NormalFloat ctermbg=236 ctermfg=252')
vim.cmd('highlight FloatBorder ctermbg=236 ctermfg=244')
vim.cmd('highlight Pmenu ctermbg=236 ctermfg=252')
vim.cmd('highlight SignColumn ctermbg=NONE')
vim.cmd('highlight LineNr ctermfg=242')
vim.cmd('highlight StatusLine ctermbg=238 ctermfg=252 cterm=NONE')
