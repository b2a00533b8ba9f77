<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <location filename="../../app/devices/receipt.py" line="25" />
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="25" />
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="25" />
        <source>Mobile</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="29" />
        <source>VAT {rate}%</source>
        <translation>增值税 {rate}%</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="89" />
        <source>{price}/kg</source>
        <translation>{price}/公斤</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="94" />
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="96" />
        <location filename="../../app/devices/receipt.py" line="149" />
        <source>Discounts</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="98" />
        <location filename="../../app/devices/receipt.py" line="150" />
        <source>Cash rounding</source>
        <translation>现金舍入</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="114" />
        <source>Receipt {no}</source>
        <translation>小票 {no}</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="117" />
        <source>Served by {name}</source>
        <translation>收银员 {name}</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="121" />
        <source>Customer: {name}</source>
        <translation>顾客：{name}</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="123" />
        <source>Points earned: {points}</source>
        <translation>获得积分：{points}</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="131" />
        <source>COPY</source>
        <translation>副本</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="132" />
        <source>TOTAL</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="134" />
        <source>Scan for your digital receipt and tell us how we did</source>
        <translation>扫码查看电子小票并评价本次购物</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="143" />
        <source>Opened {when}</source>
        <translation>开班 {when}</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="144" />
        <source>Closed {when}</source>
        <translation>结班 {when}</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="144" />
        <source>Still open (X report)</source>
        <translation>仍在营业（X 报表）</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="147" />
        <location filename="../../app/devices/receipt.py" line="169" />
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="148" />
        <source>Gross sales</source>
        <translation>销售总额</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="151" />
        <source>Net sales</source>
        <translation>销售净额</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="152" />
        <source>Refunds ({count})</source>
        <translation>退款（{count}）</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="154" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="157" />
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="158" />
        <source>Paid in</source>
        <translation>存入</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="159" />
        <source>Paid out</source>
        <translation>支出</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="160" />
        <source>Expected in drawer</source>
        <translation>钱箱应有</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="163" />
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="165" />
        <source>Over</source>
        <translation>长款</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="165" />
        <source>Short</source>
        <translation>短款</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="165" />
        <source>Over/short</source>
        <translation>长短款</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="168" />
        <source>Z report</source>
        <translation>Z 报表</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="168" />
        <source>X report</source>
        <translation>X 报表</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="169" />
        <source>Tenders</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="169" />
        <location filename="../../app/devices/receipt.py" line="243" />
        <source>Tax</source>
        <translation>税额</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="169" />
        <source>Cash drawer</source>
        <translation>钱箱</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="233" />
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="241" />
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="243" />
        <source>VAT rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <location filename="../../app/devices/receipt.py" line="243" />
        <source>Gross</source>
        <translation>含税额</translation>
    </message>
</context>
<context>
    <name>AmountDialog</name>
    <message>
        <location filename="../../app/ui/common.py" line="115" />
        <source>That is not a number I can use: write it like 12.50</source>
        <translation>无法识别的数字：请写成 12.50 的格式</translation>
    </message>
    <message>
        <location filename="../../app/ui/common.py" line="116" />
        <source>Type a whole number.</source>
        <translation>请输入整数。</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../app/ui/approval.py" line="20" />
        <source>Owner approval</source>
        <translation>店主授权</translation>
    </message>
    <message>
        <location filename="../../app/ui/approval.py" line="24" />
        <source>Approve</source>
        <translation>授权</translation>
    </message>
    <message>
        <location filename="../../app/ui/approval.py" line="28" />
        <source>An owner must approve</source>
        <translation>需要店主授权</translation>
    </message>
    <message>
        <location filename="../../app/ui/approval.py" line="31" />
        <source>Owner PIN:</source>
        <translation>店主 PIN：</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="50" />
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="50" />
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="50" />
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="50" />
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="50" />
        <source>Total</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="73" />
        <source>/kg</source>
        <translation>/公斤</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="85" />
        <source>price overridden (was {price})</source>
        <translation>已改价（原价 {price}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/cart_model.py" line="106" />
        <source>Type the quantity as a whole number (grams for weighed goods).</source>
        <translation>请输入整数数量（称重商品为克数）。</translation>
    </message>
</context>
<context>
    <name>CashDialog</name>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="21" />
        <source>Cash session</source>
        <translation>现金班次</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="27" />
        <source>Open the drawer for the day</source>
        <translation>开班</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="30" />
        <source>Open with this float</source>
        <translation>以此备用金开班</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="34" />
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="37" />
        <source>Paid in / paid out</source>
        <translation>存入 / 支出</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="39" />
        <source>Paid out (money taken from the drawer)</source>
        <translation>支出（从钱箱取钱）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="40" />
        <source>Paid in (money put in the drawer)</source>
        <translation>存入（放钱入钱箱）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="42" />
        <source>What for, e.g. window cleaner</source>
        <translation>用途，例如：擦窗工</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="44" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="47" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="48" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="49" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="52" />
        <source>Close the day</source>
        <translation>结班</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="53" />
        <source>Cash counted in the drawer</source>
        <translation>钱箱实点现金</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="55" />
        <source>Close and print the Z report</source>
        <translation>结班并打印 Z 报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="58" />
        <source>X report (so far)</source>
        <translation>X 报表（截至目前）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="61" />
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="67" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="87" />
        <source>No cash session is open.</source>
        <translation>没有开启的现金班次。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="91" />
        <source>Open · expected in the drawer: {amount}</source>
        <translation>营业中 · 钱箱应有：{amount}</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="98" />
        <source>Type the amount like 12.50.</source>
        <translation>请按 12.50 的格式输入金额。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="114" />
        <source>Opened with a float of {amount}.</source>
        <translation>已开班，备用金 {amount}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="127" />
        <source>Recorded {amount}.</source>
        <translation>已记录 {amount}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="145" />
        <source>over by {amount}</source>
        <translation>长款 {amount}</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="145" />
        <source>short by {amount}</source>
        <translation>短款 {amount}</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="146" />
        <source>exactly right</source>
        <translation>分毫不差</translation>
    </message>
    <message>
        <location filename="../../app/ui/cash/dialog.py" line="147" />
        <source>Closed. Expected {expected}, counted {counted}: {verdict}.</source>
        <translation>已结班。应有 {expected}，实点 {counted}：{verdict}。</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="45" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="46" />
        <source>Phone or name</source>
        <translation>电话或姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="55" />
        <source>New customer</source>
        <translation>新顾客</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="59" />
        <source>Agrees to hear about offers</source>
        <translation>同意接收优惠信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="60" />
        <source>Agrees to share details with the platform (loyalty across the network)</source>
        <translation>同意与平台共享信息（全网积分）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="62" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="63" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="64" />
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="67" />
        <source>Add and attach</source>
        <translation>添加并关联</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="73" />
        <source>Take customer off the sale</source>
        <translation>取消关联顾客</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="76" />
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/customer.py" line="83" />
        <source>Find: type a phone number or a name, ↓ to choose, Enter to attach.</source>
        <translation>查找：输入电话或姓名，↓ 选择，回车关联。</translation>
    </message>
</context>
<context>
    <name>DocDialog</name>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="61" />
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="67" />
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="70" />
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="72" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="88" />
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="95" />
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="97" />
        <source>Could not save: {error}</source>
        <translation>无法保存：{error}</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../app/ui/login/pinpad.py" line="88" />
        <source>Locked by {name}. Type your PIN to go on; another PIN switches user.</source>
        <translation>已由 {name} 锁定。输入 PIN 继续；输入其他人的 PIN 切换用户。</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/pinpad.py" line="89" />
        <source>Type your PIN and press Enter.</source>
        <translation>请输入 PIN 并按回车。</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/pinpad.py" line="98" />
        <source>Wrong PIN. Try again.</source>
        <translation>PIN 错误，请重试。</translation>
    </message>
</context>
<context>
    <name>ParkedDialog</name>
    <message>
        <location filename="../../app/ui/sell/parked.py" line="14" />
        <source>Resume a parked sale</source>
        <translation>恢复挂单</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/parked.py" line="23" />
        <source>Resume</source>
        <translation>取单</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/parked.py" line="27" />
        <source>↑/↓ to choose, Enter to resume.</source>
        <translation>↑/↓ 选择，回车恢复。</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../app/ui/login/pinpad.py" line="26" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../app/ui/login/pinpad.py" line="26" />
        <source>Enter</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>ProductGrid</name>
    <message>
        <location filename="../../app/ui/sell/grid.py" line="50" />
        <source>Favourites</source>
        <translation>常用</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/grid.py" line="67" />
        <source>/kg</source>
        <translation>/公斤</translation>
    </message>
</context>
<context>
    <name>ProductListModel</name>
    <message>
        <location filename="../../app/ui/sell/search.py" line="35" />
        <source>/kg</source>
        <translation>/公斤</translation>
    </message>
</context>
<context>
    <name>ReceiptsDialog</name>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="110" />
        <source>Receipts</source>
        <translation>小票</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="111" />
        <source>Scan or type a receipt number</source>
        <translation>扫描或输入小票号</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="122" />
        <source>Reprint</source>
        <translation>重打</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="126" />
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="128" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="188" />
        <source>Copy of {no} sent to the printer.</source>
        <translation>{no} 的副本已发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../app/ui/receipts/view.py" line="196" />
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="109" />
        <location filename="../../app/ui/refund/dialog.py" line="127" />
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="110" />
        <source>Scan the receipt or type its number</source>
        <translation>扫描小票或输入小票号</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="120" />
        <source>&amp;Goods go back on the shelf (restock)</source>
        <translation>商品放回货架（入库）(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="121" />
        <source>Reason (optional)</source>
        <translation>原因（可选）</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="125" />
        <source>Refund everything</source>
        <translation>全部退款</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="130" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="166" />
        <source>Everything on {no} was already refunded.</source>
        <translation>{no} 上的商品已全部退款。</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="174" />
        <source>Choose what comes back: type a quantity in the Refund column, or Ctrl+A for everything.</source>
        <translation>请选择退货：在“退款”列输入数量，或按 Ctrl+A 全部退款。</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="181" />
        <source>Not refunded: no owner approved.</source>
        <translation>未退款：没有店主授权。</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="191" />
        <source>Refunded {total}. Give back: {parts}</source>
        <translation>已退款 {total}。退还：{parts}</translation>
    </message>
</context>
<context>
    <name>RefundLinesModel</name>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="46" />
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="46" />
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="46" />
        <source>Can refund</source>
        <translation>可退</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="46" />
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../app/ui/refund/dialog.py" line="46" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
</context>
<context>
    <name>SellScreen</name>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="35" />
        <source>Scan a barcode, or type a name, SKU or barcode to search</source>
        <translation>扫描条码，或输入名称、货号或条码搜索</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="112" />
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="113" />
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="114" />
        <source>Mobile</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="115" />
        <location filename="../../app/ui/sell/screen.py" line="333" />
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="116" />
        <location filename="../../app/ui/sell/screen.py" line="365" />
        <source>Line discount</source>
        <translation>单品折扣</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="117" />
        <location filename="../../app/ui/sell/screen.py" line="380" />
        <source>Sale discount</source>
        <translation>整单折扣</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="118" />
        <location filename="../../app/ui/sell/screen.py" line="396" />
        <source>Price override</source>
        <translation>改价</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="119" />
        <source>Remove line</source>
        <translation>删除行</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="120" />
        <source>Void sale</source>
        <translation>作废整单</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="121" />
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="122" />
        <source>Park</source>
        <translation>挂单</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="123" />
        <source>Resume</source>
        <translation>取单</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="124" />
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="125" />
        <source>Receipts</source>
        <translation>小票</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="126" />
        <source>Cash session</source>
        <translation>现金班次</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="127" />
        <source>Back office</source>
        <translation>后台</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="128" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="129" />
        <source>Lock</source>
        <translation>锁屏</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/sell/screen.py" line="236" />
        <source>%n match(es) for “{text}” · ↑/↓ to choose, Enter to add</source>
        <translation><numerusform>“{text}” 有 %n 个结果 · ↑/↓ 选择，回车添加</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="259" />
        <source>No barcode or SKU {code}: choose from the matches with ↑/↓ and Enter.</source>
        <translation>没有条码或货号 {code}：请用 ↑/↓ 和回车从结果中选择。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="283" />
        <source>Weight</source>
        <translation>重量</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="283" />
        <source>{what}: type the weight in grams.</source>
        <translation>{what}：请输入重量（克）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="310" />
        <source>Choose a line first (↑/↓).</source>
        <translation>请先选择一行（↑/↓）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="319" />
        <source>Weighed goods: set the weight with F2.</source>
        <translation>称重商品：请用 F2 设置重量。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="332" />
        <source>Weight of {name} in grams:</source>
        <translation>{name} 的重量（克）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="332" />
        <source>Quantity of {name}:</source>
        <translation>{name} 的数量：</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="354" />
        <source>Not done: no owner approved.</source>
        <translation>未执行：没有店主授权。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="366" />
        <source>Discount on {name}: an amount (0.50) or a percentage (10%).</source>
        <translation>{name} 的折扣：金额（0.50）或百分比（10%）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="378" />
        <source>The cart is empty.</source>
        <translation>购物车是空的。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="381" />
        <source>Discount on the whole sale: an amount (2.00) or a percentage (10%).</source>
        <translation>整单折扣：金额（2.00）或百分比（10%）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="397" />
        <source>New price of {name} (an owner approves):</source>
        <translation>{name} 的新价格（需店主授权）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="409" />
        <source>Sale voided.</source>
        <translation>整单已作废。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="430" />
        <source>Sale parked. F9 resumes it.</source>
        <translation>已挂单。按 F9 取单。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="434" />
        <source>Finish or park this sale before resuming another.</source>
        <translation>请先完成或挂起当前销售，再恢复其他挂单。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="438" />
        <source>No sale is parked.</source>
        <translation>没有挂单。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="463" />
        <source>Price changed since scanned — this sale keeps the scanned price:</source>
        <translation>扫描后价格已变动——本单保持扫描时的价格：</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="471" />
        <source>The cart is empty: scan something first.</source>
        <translation>购物车是空的：请先扫描商品。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="474" />
        <source>No cash session is open: open one with a float (Ctrl+E) before selling.</source>
        <translation>没有开启的现金班次：销售前请用备用金开班（Ctrl+E）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="492" />
        <source>Change {change} · receipt {no} (Ctrl+P shows it)</source>
        <translation>找零 {change} · 小票 {no}（Ctrl+P 查看）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="511" />
        <source>Subtotal {amount}</source>
        <translation>小计 {amount}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="513" />
        <source>Discounts {amount}</source>
        <translation>折扣 {amount}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="515" />
        <source>{rate}: {tax} of {gross}</source>
        <translation>{rate}：{gross} 中含 {tax}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="522" />
        <source>Customer: {name} · {points} points</source>
        <translation>顾客：{name} · {points} 积分</translation>
    </message>
    <message>
        <location filename="../../app/ui/sell/screen.py" line="526" />
        <source>No customer (F11 to add one)</source>
        <translation>无顾客（F11 添加）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings.py" line="63" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="69" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="69" />
        <source>Dark, high contrast</source>
        <translation>深色高对比度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="75" />
        <source>No printer</source>
        <translation>无打印机</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="75" />
        <source>Receipt printer on the network (ESC/POS)</source>
        <translation>网络小票打印机（ESC/POS）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="76" />
        <source>Receipt printer on USB (ESC/POS)</source>
        <translation>USB 小票打印机（ESC/POS）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="76" />
        <source>Receipt printer on a serial port (ESC/POS)</source>
        <translation>串口小票打印机（ESC/POS）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="77" />
        <source>System printer</source>
        <translation>系统打印机</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="77" />
        <source>PDF files in a folder</source>
        <translation>保存为文件夹中的 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="87" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="88" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="89" />
        <source>Receipts</source>
        <translation>小票</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="90" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="92" />
        <source>Characters per line</source>
        <translation>每行字符数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="103" />
        <source>host or host:port, e.g. 192.168.1.50:9100</source>
        <translation>主机或 主机:端口，例如 192.168.1.50:9100</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="104" />
        <source>vendor:product in hex, e.g. 04b8:0202</source>
        <translation>十六进制 厂商:产品，例如 04b8:0202</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="105" />
        <source>device, optionally @baud, e.g. /dev/ttyUSB0@19200</source>
        <translation>设备，可加 @波特率，例如 /dev/ttyUSB0@19200</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="106" />
        <source>printer name; empty for the default printer</source>
        <translation>打印机名称；留空使用默认打印机</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="107" />
        <source>folder for the PDF files</source>
        <translation>PDF 文件所在文件夹</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../app/ui/status.py" line="45" />
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="45" />
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="46" />
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/status.py" line="47" />
        <source>%n event(s) waiting to sync</source>
        <translation><numerusform>%n 条记录等待同步</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="48" />
        <source>Last sync: {when}</source>
        <translation>上次同步：{when}</translation>
    </message>
    <message>
        <location filename="../../app/ui/status.py" line="48" />
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
</context>
<context>
    <name>TenderDialog</name>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="28" />
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="35" />
        <source>To pay</source>
        <translation>应付</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="37" />
        <source>Left to pay</source>
        <translation>尚欠</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="39" />
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="57" />
        <source>Reference (the terminal's approval code)</source>
        <translation>参考号（终端授权码）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="74" />
        <source>Enter adds the amount · Ctrl+Backspace takes the last one off · Esc cancels</source>
        <translation>回车添加金额 · Ctrl+Backspace 撤销上一笔 · Esc 取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="80" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="85" />
        <source>Tenders</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/tender/dialog.py" line="144" />
        <source>Type the amount like 12.50.</source>
        <translation>请按 12.50 的格式输入金额。</translation>
    </message>
</context>
<context>
    <name>TillWindow</name>
    <message>
        <location filename="../../app/ui/window.py" line="75" />
        <source>Corner — {shop}</source>
        <translation>Corner — {shop}</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="90" />
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="90" />
        <source>Logged out</source>
        <translation>已登出</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="96" />
        <source>owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="96" />
        <source>cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="97" />
        <source>{name} ({role})</source>
        <translation>{name}（{role}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="99" />
        <source>No cash session is open: Ctrl+E opens one with a float.</source>
        <translation>没有开启的现金班次：按 Ctrl+E 用备用金开班。</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="146" />
        <source>Back office</source>
        <translation>后台</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="146" />
        <source>The back office is not available in this version.</source>
        <translation>此版本没有后台功能。</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../app/ui/printing.py" line="61" />
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
</context>
</TS>