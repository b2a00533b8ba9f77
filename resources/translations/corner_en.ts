<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>DashboardPage</name>
    <message numerus="yes">
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="251"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="252"/>
        <source>%Ln item(s)</source>
        <translation>
            <numerusform>%Ln item</numerusform>
            <numerusform>%Ln items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/backoffice/dashboard_page.py" line="255"/>
        <source>%n refund(s)</source>
        <translation>
            <numerusform>%n refund</numerusform>
            <numerusform>%n refunds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeerConflictsBox</name>
    <message numerus="yes">
        <location filename="../../app/ui/backoffice/peer_conflicts_page.py" line="95"/>
        <source>%n conflict(s) wait for you: two tills did this while they could not see each other.</source>
        <translation>
            <numerusform>%n conflict waits for you: two tills did this while they could not see each other.</numerusform>
            <numerusform>%n conflicts wait for you: two tills did this while they could not see each other.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SellScreen</name>
    <message numerus="yes">
        <location filename="../../app/ui/sell/screen.py" line="275"/>
        <source>%n match(es) for “{text}” · ↑/↓ to choose, Enter to add</source>
        <translation>
            <numerusform>%n match for “{text}” · ↑/↓ to choose, Enter to add</numerusform>
            <numerusform>%n matches for “{text}” · ↑/↓ to choose, Enter to add</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message numerus="yes">
        <location filename="../../app/ui/status.py" line="68"/>
        <source>· %n conflict(s) between tills</source>
        <translation>
            <numerusform>· %n conflict between tills</numerusform>
            <numerusform>· %n conflicts between tills</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/status.py" line="73"/>
        <source>%n event(s) waiting to sync</source>
        <translation>
            <numerusform>%n event waiting to sync</numerusform>
            <numerusform>%n events waiting to sync</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/status.py" line="65"/>
        <source>· %n till(s) nearby</source>
        <translation>
            <numerusform>· %n till nearby</numerusform>
            <numerusform>· %n tills nearby</numerusform>
        </translation>
    </message>
</context>
</TS>
