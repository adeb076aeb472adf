-- Drives `goodfaith lsp` from a real Neovim, headless: opens a draft, waits for the
-- diagnostics, asks for hover and the code action, applies it, and checks that the
-- diagnostic goes. Run by scripts/editors/neovim.sh; prints "neovim: ok" or exits 1.
-- Uses vim.lsp.start_client, which Neovim 0.7 (Debian 12) has; newer ones also have
-- vim.lsp.start, as in the README.
local bin, file = _G.GOODFAITH_BIN, _G.GOODFAITH_FILE

local function fail(msg)
  io.stderr:write('neovim: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({ name = 'goodfaith', cmd = { bin, 'lsp', '--no-config' }, root_dir = vim.fn.fnamemodify(file, ':h') })
if not id then return fail('the server did not start') end
vim.lsp.buf_attach_client(buf, id)

local function coercive()
  return vim.tbl_filter(function(d) return d.code == 'coercive.ultimatum.take-it-or-leave-it' end, vim.diagnostic.get(buf))
end

-- Columns are byte offsets in Neovim's diagnostics: the flagged words themselves.
local function words_of(d)
  return vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]:sub(d.col + 1, d.end_col)
end

if not vim.wait(20000, function() return #coercive() > 0 end, 50) then return fail('no diagnostic') end
local d
for _, x in ipairs(coercive()) do
  if words_of(x) == 'take it or leave it' then d = x end
end
if not d then return fail('no diagnostic over the words: ' .. vim.inspect(vim.tbl_map(words_of, coercive()))) end
local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
local words = words_of(d)
print(string.format('neovim: diagnostic %s on line %d, columns %d-%d: %q', d.code, d.lnum + 1, d.col, d.end_col, words))

local client = vim.lsp.get_client_by_id(id)
local pos = { line = d.lnum, character = vim.str_utfindex(line, d.col) + 2 }
local hover = client.request_sync('textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = pos }, 10000, buf)
local text = hover and hover.result and hover.result.contents.value or ''
if not text:find('A better way to say it', 1, true) then return fail('hover: ' .. vim.inspect(hover)) end
print('neovim: hover: ' .. text:gsub('\n.*', ''))

local range = { start = pos, ['end'] = pos }
local actions = client.request_sync('textDocument/codeAction',
  { textDocument = { uri = vim.uri_from_bufnr(buf) }, range = range, context = { diagnostics = {} } }, 10000, buf)
local action = actions and actions.result and actions.result[1]
if not action then return fail('no code action') end
print('neovim: code action: ' .. action.title)
vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
if not vim.wait(20000, function() return #coercive() == 0 end, 50) then return fail('the diagnostic stayed') end
print('neovim: after the code action: ' .. vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1])
print('neovim: ok')
vim.lsp.stop_client(id)
vim.cmd('qall!')
